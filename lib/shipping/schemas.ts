/**
 * The quote's input and output as zod schemas: shared by the API route, the web form and the OpenAPI
 * document, so that all three accept and describe exactly the same thing.
 */
import { z } from "zod";
import { COUNTRY_CODES, type CountryCode } from "./countries";
import { cmToMm, type DimensionsMm, MAX_DIMENSION_MM } from "./parcel";
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
/** An ISO 3166-1 alpha-2 code of the contract's list, upper-cased; `what` names it in messages. */
export function countryCodeField(what: string) {
  return z
    .string({ error: (issue) => (issue.input === undefined ? `${what} is required.` : `${what} must be a country code.`) })
    .regex(/^[A-Za-z]{2}$/, { error: UNKNOWN_COUNTRY })
    .transform((code) => code.toUpperCase())
    .pipe(z.enum(COUNTRY_CODES, { error: UNKNOWN_COUNTRY }))
    .meta({ description: "ISO 3166-1 alpha-2 country code; lower case is accepted.", example: "DE" });
}

const destination = countryCodeField("Destination");

/** The fields on their own, for the order schemas and forms that build on them. */
export { weightKg as weightKgSchema, destination as destinationSchema };

const DIMENSION_MESSAGE = `Each dimension must be more than 0 and at most ${MAX_DIMENSION_MM / 10} cm, with at most 1 decimal.`;

const dimensionCm = (what: string) =>
  z
    .number({ error: `${what} must be a number in centimetres.` })
    .gt(0, { error: DIMENSION_MESSAGE })
    .max(MAX_DIMENSION_MM / 10, { error: DIMENSION_MESSAGE })
    .refine((cm) => cmToMm(cm) !== null, { error: DIMENSION_MESSAGE })
    .meta({ description: `Centimetres: more than 0, at most ${MAX_DIMENSION_MM / 10}, at most 1 decimal.` });

/**
 * `parcel`: the actual weight and, optionally, all three outer dimensions. Leaves the schema with
 * the dimensions in whole millimetres (lib/shipping/parcel.ts), the unit they are priced and stored in.
 */
export const parcelInputSchema = z
  .strictObject({
    weightKg,
    lengthCm: dimensionCm("The length").optional(),
    widthCm: dimensionCm("The width").optional(),
    heightCm: dimensionCm("The height").optional(),
  })
  .superRefine((parcel, ctx) => {
    const given = [parcel.lengthCm, parcel.widthCm, parcel.heightCm].filter((value) => value !== undefined).length;
    if (given !== 0 && given !== 3) {
      for (const field of ["lengthCm", "widthCm", "heightCm"] as const) {
        if (parcel[field] === undefined) ctx.addIssue({ code: "custom", path: [field], message: "Give all three dimensions, or none." });
      }
    }
  })
  .transform(({ weightKg, lengthCm, widthCm, heightCm }): ParcelInput =>
    lengthCm !== undefined && widthCm !== undefined && heightCm !== undefined
      ? { weightKg, dimensionsMm: { lengthMm: cmToMm(lengthCm)!, widthMm: cmToMm(widthCm)!, heightMm: cmToMm(heightCm)! } }
      : { weightKg },
  )
  .meta({
    id: "Parcel",
    description: "The parcel: its actual weight and, optionally, all three outer dimensions. Chargeable weight = max(actual, l x w x h / the rate table's volumetricDivisor).",
    example: { weightKg: 2.1, lengthCm: 40, widthCm: 30, heightCm: 20 },
  });

/** A validated parcel: weight in kg (at most 3 decimals), dimensions in whole millimetres. */
export interface ParcelInput {
  weightKg: number;
  dimensionsMm?: DimensionsMm;
}

/** For refinements that must run even when other fields failed (so every problem shows at once). */
// Arrays are objects to typeof: a body like `[{}]` must get only the "expected object" issue.
export const isObjectPayload = (payload: { value: unknown }) =>
  typeof payload.value === "object" && payload.value !== null && !Array.isArray(payload.value);

/**
 * Exactly one of `weightKg` and `parcel`. A body with neither gets the first clients' message on
 * `weightKg`, which is what they show next to their weight field.
 */
export function checkOneWeight(input: { weightKg?: unknown; parcel?: unknown }, ctx: z.RefinementCtx): void {
  if (input.weightKg === undefined && input.parcel === undefined) {
    ctx.addIssue({ code: "custom", path: ["weightKg"], message: "Weight is required." });
  }
  if (input.weightKg !== undefined && input.parcel !== undefined) {
    ctx.addIssue({ code: "custom", path: ["weightKg"], message: "Send the weight inside parcel, not beside it." });
  }
}

/**
 * `{ weightKg, destination }` (the first clients' shape) or `{ parcel, destination }`: exactly one of
 * the two. Either way the output is `{ weightKg, destination }` plus the dimensions when given.
 */
export const quoteInputSchema = z
  .strictObject({
    weightKg: weightKg.optional(),
    parcel: parcelInputSchema.optional(),
    destination,
  })
  .superRefine(checkOneWeight, { when: isObjectPayload })
  .transform(({ weightKg, parcel, destination }): QuoteInput => (parcel ? { ...parcel, destination } : { weightKg: weightKg!, destination }));

/** The validated input: `destination` is an upper-case, assigned country code. */
export interface QuoteInput extends ParcelInput {
  destination: CountryCode;
}

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
    weightKg: z.number().meta({ description: "The parcel's actual weight, in kilograms." }),
    volumetricWeightKg: z
      .number()
      .nullable()
      .meta({ description: "length x width x height (cm) / the rate table's volumetricDivisor, rounded up to the gram; null without dimensions." }),
    chargeableWeightKg: z.number().meta({ description: "max(actual, volumetric): the weight that was priced." }),
    subtotalCents: cents.meta({ description: "max(chargeable weight x rate rounded half-up to the cent, minimum charge)." }),
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
      volumetricWeightKg: null,
      chargeableWeightKg: 2.1,
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
