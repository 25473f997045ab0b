/**
 * A postal address as the API takes and gives it (OpenAPI document, "Addresses, parcels and
 * chargeable weight"): the address book's entries and the order's recipient and sender copies use
 * this one schema.
 *
 * Validation per country comes from well-kept data, not tables of our own: postal-code formats
 * from postcode-validator (every country it knows has postal codes; there the code is required and
 * checked), phone numbers from libphonenumber-js (stored in E.164), country codes from the
 * contract's list (lib/shipping/countries.ts).
 *
 * Text is what a carrier prints on a label and a person reads on a page, so it is refused (400,
 * naming the field) when it carries what cannot be printed or would mislead: control characters,
 * bidirectional overrides and other invisible format characters, emoji, unpaired surrogates. Any
 * script (Latin, Cyrillic, Arabic, CJK, ...) is accepted; text is NFC-normalised and its runs of
 * spaces collapsed, so that what is stored is what is shown.
 */
import { isSupportedCountry, parsePhoneNumberFromString } from "libphonenumber-js/max";
import { postcodeValidator, postcodeValidatorExistsForCountry } from "postcode-validator";
import { z } from "zod";
import { countryCodeField } from "@/lib/shipping/schemas";

/** Column sizes of the `addresses` table (schema.prisma); the order copies use the same bounds. */
export const ADDRESS_LIMITS = {
  name: 100,
  company: 100,
  line1: 100,
  line2: 100,
  city: 100,
  region: 100,
  postalCode: 20,
  email: 100,
  label: 50,
} as const;

// Cc control characters (tab, newline, NUL, DEL, C1), Cs lone surrogates (JSON can carry them; the
// database cannot), Co private use, Cn unassigned code points.
const CONTROL = /[\p{Cc}\p{Cs}\p{Co}\p{Cn}]/u;
// Cf format characters: bidirectional overrides, embeddings and isolates (which can reverse how a
// name or a street reads, "Trojan Source"), zero-width spaces, soft hyphens, tags, BOM. Zero-width
// (non-)joiners are kept: Persian, Arabic and Indic scripts need them.
const FORMAT = /(?![\u200C\u200D])\p{Cf}/u;
// Pictographs cannot be printed by a label font and mean nothing to a sorting machine. The
// copyright, registered and trade mark signs are pictographic in Unicode but belong in company names.
const PICTOGRAPH = /(?![\u00A9\u00AE\u2122])\p{Extended_Pictographic}|\uFE0F/u;

export const TEXT_PROBLEMS = {
  control: "Remove control characters (line breaks, tabs and the like).",
  format: "Remove invisible formatting characters (such as text-direction overrides).",
  pictograph: "Emoji and pictographs cannot be printed on a label; use letters, digits and punctuation.",
} as const;

/** Which rule the text breaks, or null. Exported for the unit test and the web form's hints. */
export function textProblem(text: string): keyof typeof TEXT_PROBLEMS | null {
  if (CONTROL.test(text)) return "control";
  if (FORMAT.test(text)) return "format";
  if (PICTOGRAPH.test(text)) return "pictograph";
  return null;
}

/**
 * Printable text of at most `max` characters, NFC-normalised with single spaces. Length is checked
 * on the raw input first (a 10 KB name is refused before any regex walks it) and again after
 * normalising, which may change it.
 */
export function addressText(what: string, max: number) {
  return z
    .string({ error: `${what} must be text.` })
    .max(max * 4, `Use at most ${max} characters.`)
    .superRefine((value, ctx) => {
      const problem = textProblem(value);
      if (problem) ctx.addIssue({ code: "custom", message: TEXT_PROBLEMS[problem], continue: false });
    })
    .transform((value) => value.normalize("NFC").replace(/\p{Zs}+/gu, " ").trim())
    .pipe(z.string().max(max, `Use at most ${max} characters.`));
}

function required(what: string, max: number) {
  return addressText(what, max).pipe(z.string().min(1, `${what} is required.`));
}

/** Optional text: absent, null and blank all mean "none" (forms send blanks). */
function optional(what: string, max: number) {
  return z
    .union([z.null(), addressText(what, max)], { error: `${what} must be text.` })
    .optional()
    .transform((value) => (value ? value : undefined));
}

const postalCodeText = z
  .string({ error: "The postal code must be text." })
  .max(ADDRESS_LIMITS.postalCode * 4, `Use at most ${ADDRESS_LIMITS.postalCode} characters.`)
  // Upper case (letters in postal codes are, and some of the library's patterns only match upper
  // case), single spaces.
  .transform((value) => value.trim().replace(/\s+/g, " ").toUpperCase())
  .pipe(
    z
      .string()
      .max(ADDRESS_LIMITS.postalCode, `Use at most ${ADDRESS_LIMITS.postalCode} characters.`)
      .regex(/^[A-Z0-9 -]*$/, "Use letters, digits, spaces and hyphens."),
  );

const emailField = z
  .string({ error: "The e-mail address must be text." })
  .trim()
  .max(ADDRESS_LIMITS.email, `Use at most ${ADDRESS_LIMITS.email} characters.`)
  .toLowerCase()
  .pipe(z.union([z.literal(""), z.email("Enter a valid e-mail address.")]));

const phoneField = z
  .string({ error: "The phone number must be text." })
  .max(40, "Use at most 40 characters.")
  .regex(/^[0-9+()./ -]*$/, "Use digits, spaces and + ( ) - . / only.");

export const ADDRESS_EXAMPLE = { name: "Erika Mustermann", line1: "Heidestraße 17", city: "Köln", postalCode: "51147", country: "DE", phone: "+4922112345678" };

/** Whether a postal code is required (and checked) for the country: it has postal codes. */
export function countryHasPostalCodes(country: string): boolean {
  return postcodeValidatorExistsForCountry(country);
}

/** The shape of an address, before the checks that need its country. */
const addressFields = z.strictObject({
  name: required("The name", ADDRESS_LIMITS.name).meta({ description: "The person (or department) it is for.", example: "Erika Mustermann" }),
  company: optional("The company", ADDRESS_LIMITS.company),
  line1: required("The street address", ADDRESS_LIMITS.line1).meta({ example: "Heidestraße 17" }),
  line2: optional("The second address line", ADDRESS_LIMITS.line2),
  city: required("The city", ADDRESS_LIMITS.city).meta({ example: "Köln" }),
  region: optional("The region", ADDRESS_LIMITS.region).meta({ description: "State, province or prefecture, where the country uses one." }),
  postalCode: z
    .union([z.null(), postalCodeText], { error: "The postal code must be text." })
    .optional()
    .transform((value) => (value ? value : undefined))
    .meta({ description: "Required, and checked against the country's format, for every country that has postal codes.", example: "51147" }),
  country: countryCodeField("The country"),
  phone: z
    .union([z.null(), phoneField], { error: "The phone number must be text." })
    .optional()
    .transform((value) => (value?.trim() ? value.trim() : undefined))
    .meta({ description: "Any common notation; stored and returned in E.164 (+4922112345678).", example: "+49 221 1234567" }),
  email: z
    .union([z.null(), emailField], { error: "The e-mail address must be text." })
    .optional()
    .transform((value) => (value ? value : undefined))
    .meta({ description: "For delivery news to the recipient.", format: "email" }),
});

/**
 * An address as a client sends it: per-country rules after the fields. The output is the stored
 * and returned form (postal code upper-cased, phone in E.164, absent fields left out).
 */
export const addressInputSchema = addressFields
  .transform((address, ctx) => {
    const out: Address = { ...address };
    if (countryHasPostalCodes(address.country)) {
      if (!address.postalCode) {
        ctx.addIssue({ code: "custom", path: ["postalCode"], message: "The postal code is required for this country." });
      } else if (!postcodeValidator(address.postalCode, address.country)) {
        ctx.addIssue({ code: "custom", path: ["postalCode"], message: "This is not a postal code of the chosen country." });
      }
    }
    if (address.phone !== undefined) {
      // A number without its country code is read as the address's country's (when the library knows it).
      const phone = parsePhoneNumberFromString(address.phone, isSupportedCountry(address.country) ? address.country : undefined);
      if (!phone || !phone.isValid()) {
        ctx.addIssue({ code: "custom", path: ["phone"], message: "Enter a valid phone number, with the country code if it is abroad." });
      } else out.phone = phone.number;
    }
    return stripUndefined(out);
  })
  .meta({
    id: "Address",
    description:
      "A postal address. `country` is ISO 3166-1 alpha-2; `postalCode` is required, and checked against the country's format, for every country that has postal codes.",
    example: ADDRESS_EXAMPLE,
  });

/** A validated address: what is stored and returned. */
export interface Address {
  name: string;
  company?: string;
  line1: string;
  line2?: string;
  city: string;
  region?: string;
  postalCode?: string;
  country: string;
  phone?: string;
  email?: string;
}

function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/**
 * The address as responses carry it (and as orders store their copies). Strict, so that a
 * response never carries a field the contract does not name.
 */
export const addressSchema = z
  .strictObject({
    name: z.string(),
    company: z.string().optional(),
    line1: z.string(),
    line2: z.string().optional(),
    city: z.string(),
    region: z.string().optional(),
    postalCode: z.string().optional(),
    country: z.string().length(2),
    phone: z.string().optional(),
    email: z.string().optional(),
  })
  .meta({ id: "AddressOut", description: "A postal address (absent fields are left out)." }) satisfies z.ZodType<Address>;

/** An address read back from a row or a JSON copy, with nulls for absent fields. */
type OptionalKey = "company" | "line2" | "region" | "postalCode" | "phone" | "email";
export type AddressColumns = Omit<Address, OptionalKey> & { [K in OptionalKey]: string | null };

export function addressFromColumns(row: AddressColumns): Address {
  return stripUndefined({
    name: row.name,
    company: row.company ?? undefined,
    line1: row.line1,
    line2: row.line2 ?? undefined,
    city: row.city,
    region: row.region ?? undefined,
    postalCode: row.postalCode ?? undefined,
    country: row.country,
    phone: row.phone ?? undefined,
    email: row.email ?? undefined,
  });
}
