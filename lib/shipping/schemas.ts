/**
 * The quote's input and output as zod schemas: shared by the API route, the web form and the OpenAPI
 * document, so that all three accept and describe exactly the same thing.
 */
import { z } from "zod";
import { COUNTRY_CODES } from "./countries";
import { CURRENCY, loyaltyDiscountReason, SEED_RATE_TABLE } from "./pricing";
import { MAX_WEIGHT_GRAMS, checkWeightKg, type WeightProblem } from "./weight";

const WEIGHT_MESSAGES: Record<WeightProblem, string> = {
  not_finite: "Weight must be a number in kilograms.",
  not_positive: "Weight must be more than 0 kg.",
  too_heavy: `Weight can be at most ${MAX_WEIGHT_GRAMS / 1000} kg.`,
  too_precise: "Weight can have at most 3 decimals (grams).",
};

const UNKNOWN_COUNTRY = "Unknown country code.";

const weightKg = z
  .number({ error: (issue) => (issue.input === undefined ? "Weight is required." : WEIGHT_MESSAGES.not_finite) })
  // The range as zod checks too, so that it shows in the generated JSON Schema / OpenAPI document.
  .gt(0, { error: WEIGHT_MESSAGES.not_positive })
  .max(MAX_WEIGHT_GRAMS / 1000, { error: WEIGHT_MESSAGES.too_heavy })
  .superRefine((kg, ctx) => {
    const check = checkWeightKg(kg);
    // Out-of-range weights already have their message from the checks above.
    if (!check.ok && check.problem === "too_precise") {
      ctx.addIssue({ code: "custom", message: WEIGHT_MESSAGES.too_precise });
    }
  })
  .meta({ description: `Parcel weight in kilograms: more than 0, at most ${MAX_WEIGHT_GRAMS / 1000}, at most 3 decimals.`, example: 2.1 });

// ASCII letters are checked before upper-casing because toUpperCase() maps some non-ASCII letters onto
// ASCII ones ("ß" -> "SS", "ıd" -> "ID"), which would turn garbage into real countries.
const destination = z
  .string({ error: (issue) => (issue.input === undefined ? "Destination is required." : "Destination must be a country code.") })
  .regex(/^[A-Za-z]{2}$/, { error: UNKNOWN_COUNTRY })
  .transform((code) => code.toUpperCase())
  .pipe(z.enum(COUNTRY_CODES, { error: UNKNOWN_COUNTRY }))
  .meta({ description: "ISO 3166-1 alpha-2 country code; lower case is accepted.", example: "DE" });

export const quoteInputSchema = z.strictObject({ weightKg, destination });

/** The validated input: `destination` is an upper-case, assigned country code. */
export type QuoteInput = z.infer<typeof quoteInputSchema>;

const cents = z.int().nonnegative();

/** A zone's code as it appears in quotes and orders (`region`). */
export const ZONE_CODE_PATTERN = /^[A-Z][A-Z0-9_]{0,9}$/;
export const zoneCode = z.string().regex(ZONE_CODE_PATTERN);

// Strict, so that response validation also catches a field that should not be sent.
export const quoteSchema = z
  .strictObject({
    region: zoneCode.meta({ description: "The code of the rate table's zone the destination falls in (US, EU or INTL in the first version)." }),
    ratePerKgCents: cents.meta({ description: "Price per kilogram in the zone, in cents." }),
    minimumChargeCents: cents.meta({ description: "The zone's minimum charge, in cents." }),
    weightKg: z.number().meta({ description: "The weight that was priced, in kilograms." }),
    subtotalCents: cents.meta({ description: "max(weight x rate rounded half-up to the cent, minimum charge)." }),
    discountCents: cents.meta({ description: "Loyalty discount, rounded half-up to the cent; 0 when none applies." }),
    totalCents: cents.meta({ description: "subtotalCents - discountCents." }),
    currency: z.literal(CURRENCY),
    ratesVersion: z.int().positive().meta({ description: "The rate table version that priced it." }),
    discountReason: z.string().optional().meta({ description: "Present only when a discount applies." }),
  })
  .refine((quote) => quote.totalCents === quote.subtotalCents - quote.discountCents, {
    error: "totalCents must be subtotalCents - discountCents.",
    path: ["totalCents"],
  })
  .meta({
    id: "Quote",
    description: "A shipping quote. Money is integer cents in `currency`.",
    example: {
      region: "EU",
      ratePerKgCents: 300,
      minimumChargeCents: 100,
      weightKg: 2.1,
      subtotalCents: 630,
      discountCents: 63,
      totalCents: 567,
      currency: CURRENCY,
      ratesVersion: 1,
      discountReason: loyaltyDiscountReason(SEED_RATE_TABLE.loyalty),
    },
  });

/** `{ quote }`: what POST /api/v1/shipping/quote answers. */
export const quoteResponseSchema = z.strictObject({ quote: quoteSchema }).meta({ id: "QuoteResponse" });
