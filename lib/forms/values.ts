/**
 * Form fields arrive as strings; the domain schemas take numbers and leave optional fields out. These
 * turn what a person typed into what the schema takes, and leave every judgement (range, precision,
 * required) to the schema, so the form says exactly what the API says. Shared by server actions and
 * client components (no server-only imports).
 */

const DECIMAL = /^\s*[0-9]+(?:[.,][0-9]+)?\s*$|^\s*[.,][0-9]+\s*$/;

/**
 * A decimal number as typed ("2.1", "2,1", " 0.5 "); empty becomes undefined (the schema says it is
 * required); anything else stays a string so that the schema reports it as not a number.
 */
export function decimalFromForm(value: unknown): unknown {
  if (typeof value !== "string") return value;
  if (value.trim() === "") return undefined;
  return DECIMAL.test(value) ? Number(value.trim().replace(",", ".")) : value;
}

/** Optional text: blank means "not given", which is different from an empty value for the schema. */
export function optionalFromForm(value: unknown): unknown {
  return typeof value === "string" && value.trim() === "" ? undefined : value;
}
