/**
 * The web rates editor's draft (app/admin/rates): what an administrator types, read into the API's
 * rate table (`rateTableInputSchema`, amounts in cents) and checked by it. People think of prices in
 * dollars and type countries as they come ("DE, FR at"); the API keeps integer cents and code lists.
 * Pure (no database, no server-only imports): the editor checks the draft with it as it is typed,
 * and the server action parses the posted draft with it again, so what is published is what the
 * server read, never the browser's arithmetic.
 */
import { z } from "zod";
import { isCountryCode } from "./countries";
import { formatMoney } from "./money";
import { CATCH_ALL, CURRENCY } from "./pricing";
import { RATE_LIMITS, rateTableInputSchema } from "./rate-table";

/** "12.50", "12.5", "12", " 0.99 ": dollars with at most two decimals. */
const AMOUNT = /^([0-9]+)(?:\.([0-9]{0,2}))?$/;

export type AmountReading = { ok: true; cents: number } | { ok: false; message: string };

/**
 * An amount typed in dollars, as whole cents. Exact: the digits are read as text ("0.29" is 29 cents,
 * where 0.29 * 100 in floating point is 28.999...), and a third decimal is refused, not rounded.
 */
export function amountToCents(typed: string, what: string, maxCents: number): AmountReading {
  const text = typed.trim().replace(/^\$/, "");
  if (text === "") return { ok: false, message: `Enter ${what} in dollars, like 12.50.` };
  if (/^-/.test(text)) return { ok: false, message: `${capitalized(what)} cannot be negative.` };
  if (/^[0-9]*[.,][0-9]{3,}$/.test(text)) return { ok: false, message: `Use at most 2 decimals for ${what} (whole cents).` };
  const match = AMOUNT.exec(text);
  if (!match) return { ok: false, message: `Enter ${what} in dollars, like 12.50 (digits and one decimal point).` };
  // Leading zeros and a long integer part are fine to read; the bound below is checked on the value.
  const whole = match[1]!.replace(/^0+(?=[0-9])/, "");
  if (whole.length > 9) return { ok: false, message: `${capitalized(what)} can be at most ${formatMoney(maxCents, CURRENCY)}.` };
  const cents = Number(whole) * 100 + Number((match[2] ?? "").padEnd(2, "0"));
  if (cents > maxCents) return { ok: false, message: `${capitalized(what)} can be at most ${formatMoney(maxCents, CURRENCY)}.` };
  return { ok: true, cents };
}

/** Cents as the editor shows them for typing: 250 -> "2.50". */
export function centsToAmount(cents: number): string {
  return (cents / 100).toFixed(2);
}

const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * The codes of a countries field: separated by spaces and/or commas, any case. Unknown ones are
 * returned apart, so that the message can name every one of them at once.
 */
export function readCountries(typed: string): { codes: string[]; unknown: string[] } {
  const parts = typed.split(/[\s,;]+/).filter(Boolean);
  const codes: string[] = [];
  const unknown: string[] = [];
  for (const part of parts) {
    const code = part.toUpperCase();
    if (code === CATCH_ALL || (/^[A-Z]{2}$/.test(code) && isCountryCode(code))) codes.push(code);
    else unknown.push(part.slice(0, 20));
  }
  return { codes, unknown };
}

const text = z.string().max(10_000);

export const rateDraftZoneSchema = z.strictObject({ code: text, name: text, countries: text, ratePerKg: text, minimumCharge: text });

/** The editor's draft: every field as typed. */
export const rateDraftSchema = z.strictObject({
  zones: z.array(rateDraftZoneSchema).max(RATE_LIMITS.maxZones * 2),
  minOrders: text,
  percent: text,
  volumetricDivisor: text,
});
export type RateDraft = z.output<typeof rateDraftSchema>;

// A blank field is NaN, not undefined: the schema then says the number is required, where undefined
// would take the divisor's default without the administrator having chosen it.
const wholeNumber = (typed: string): unknown => (/^\s*[0-9]+\s*$/.test(typed) ? Number(typed) : typed.trim() === "" ? NaN : typed);

/**
 * The draft read into the API's rate table and checked with the API's own rules. Errors carry the
 * draft's field paths (`zones.0.ratePerKg`, `zones.1.countries`, `minOrders`): the editor shows each
 * next to its field.
 */
export const rateDraftToTableSchema = rateDraftSchema
  .transform((draft, ctx) => {
    const zones = draft.zones.map((zone, i) => {
      const rate = amountToCents(zone.ratePerKg, "the rate per kg", RATE_LIMITS.maxRatePerKgCents);
      const minimum = amountToCents(zone.minimumCharge, "the minimum charge", RATE_LIMITS.maxMinimumChargeCents);
      const countries = readCountries(zone.countries);
      if (!rate.ok) ctx.addIssue({ code: "custom", path: ["zones", i, "ratePerKg"], message: rate.message });
      if (!minimum.ok) ctx.addIssue({ code: "custom", path: ["zones", i, "minimumCharge"], message: minimum.message });
      if (countries.unknown.length > 0) {
        const [one] = countries.unknown;
        ctx.addIssue({
          code: "custom",
          path: ["zones", i, "countries"],
          message:
            countries.unknown.length === 1
              ? `"${one}" is not a country code we know. Use ISO 3166-1 alpha-2 codes (DE for Germany), or ${CATCH_ALL}.`
              : `These are not country codes we know: ${countries.unknown.map((code) => `"${code}"`).join(", ")}. Use ISO 3166-1 alpha-2 codes (DE for Germany), or ${CATCH_ALL}.`,
        });
      }
      return {
        code: zone.code.trim(),
        name: zone.name,
        countries: countries.codes,
        ratePerKgCents: rate.ok ? rate.cents : NaN,
        minimumChargeCents: minimum.ok ? minimum.cents : NaN,
      };
    });
    // Handed to the API's schema as input, which checks every value (the numbers may still be text here).
    const table: unknown = {
      currency: CURRENCY,
      zones,
      loyalty: { minOrders: wholeNumber(draft.minOrders), percent: wholeNumber(draft.percent) },
      volumetricDivisor: wholeNumber(draft.volumetricDivisor),
    };
    return table as z.input<typeof rateTableInputSchema>;
  })
  .pipe(rateTableInputSchema);

/** Where the API schema's path for a field is the draft's (amounts are typed in dollars under other names). */
export function draftPathOf(path: readonly PropertyKey[]): string {
  const [first, index, field] = path.map(String);
  if (first === "zones" && index !== undefined && field !== undefined) {
    const named = field === "ratePerKgCents" ? "ratePerKg" : field === "minimumChargeCents" ? "minimumCharge" : field;
    return `zones.${index}.${named}`;
  }
  if (first === "loyalty" && index !== undefined) return index;
  return first ?? "_";
}
