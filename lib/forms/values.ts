/**
 * Form fields arrive as strings; the domain schemas take numbers and leave optional fields out. These
 * turn what a person typed into what the schema takes, and leave every judgement (range, precision,
 * required) to the schema, so the form says exactly what the API says. The one judgement made here
 * is about the typing itself: a number whose separators could be read two ways is refused with a
 * message that says so, rather than guessed. Shared by server actions and client components (no
 * server-only imports, no zod).
 */

/** What was typed, read as the schema's input, or refused with a message saying why. */
export type TypedValue = { ok: true; value: unknown } | { ok: false; message: string };

const PLAIN = /^-?(?:[0-9]+(?:\.[0-9]+)?|\.[0-9]+)$/;
const DECIMAL_COMMA = /^(-?)([0-9]*),([0-9]+)$/;
/** 1-3 digits (no leading zero), a comma, exactly 3 digits: a thousands separator in many locales. */
const THOUSANDS_LIKE = /^-?[1-9][0-9]{0,2},[0-9]{3}$/;
/** Only digits and separators, with more than one separator: digit grouping ("1,000.5", "1.000.000"). */
const GROUPED = /^-?[0-9.,]*[.,][0-9.,]*[.,][0-9.,]*$/;

/**
 * A decimal number as typed: "2.1", " 0.5 ", "-1" (the schema then says it must be more than 0), and
 * "2,1" with a decimal comma when the comma cannot be anything else. "1,000" could be one or a
 * thousand, and "1,000.5" uses a thousands separator: both are refused with a message, never guessed
 * (guessing priced "1,000" as 1 kg). Blank is undefined (the schema says it is required); anything
 * else stays text, so the schema reports it as not a number.
 */
export function readDecimal(typed: unknown): TypedValue {
  if (typeof typed !== "string") return { ok: true, value: typed };
  const text = typed.trim();
  if (text === "") return { ok: true, value: undefined };
  if (PLAIN.test(text)) return { ok: true, value: Number(text) };
  if (THOUSANDS_LIKE.test(text)) {
    const [whole = "", fraction = ""] = text.replace("-", "").split(",");
    const [small, large] = [String(Number(`${whole}.${fraction}`)), `${whole}${fraction}`];
    return {
      ok: false,
      message: `"${text}" could mean ${small} or ${large}, so it is not guessed: write ${small} or ${large}. A comma counts as a decimal point only where it can be nothing else, as in 2,5.`,
    };
  }
  const comma = DECIMAL_COMMA.exec(text);
  if (comma) return { ok: true, value: Number(`${comma[1]}${comma[2] || "0"}.${comma[3]}`) };
  if (GROUPED.test(text) && /[0-9]/.test(text)) {
    return { ok: false, message: "Write the number without thousands separators, with at most one decimal point or comma (e.g. 1000 or 2.5)." };
  }
  return { ok: true, value: typed };
}

/** readDecimal's value, or the typed text when it was refused (for callers without a way to show why). */
export function decimalFromForm(value: unknown): unknown {
  const read = readDecimal(value);
  return read.ok ? read.value : value;
}

/** Optional text: blank means "not given", which is different from an empty value for the schema. */
export function optionalFromForm(value: unknown): unknown {
  return typeof value === "string" && value.trim() === "" ? undefined : value;
}
