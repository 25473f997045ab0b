/**
 * A rate table's shape as zod schemas: what an administrator may publish (with every table-wide
 * rule) and what the API returns. Pure (no database), so the web editor checks a draft with exactly
 * the rules the server applies.
 */
import { z } from "zod";
import { COUNTRY_CODES, isCountryCode } from "./countries";
import { CATCH_ALL, CURRENCY, SEED_RATE_TABLE } from "./pricing";
import { ZONE_CODE_PATTERN } from "./schemas";

/** Bounds that keep every price exact and every order within the database's 32-bit integers. */
export const RATE_LIMITS = {
  maxZones: 50,
  maxRatePerKgCents: 100_000,
  maxMinimumChargeCents: 100_000,
  maxLoyaltyMinOrders: 1_000_000,
  maxLoyaltyPercent: 100,
  // Carriers use 4000-6000 cm^3/kg; below 1000 a shoebox would weigh more than a person.
  minVolumetricDivisor: 1000,
  maxVolumetricDivisor: 1_000_000,
} as const;

const int = (what: string, max: number) =>
  z
    .number({ error: `${what} must be a whole number of cents.` })
    .int(`${what} must be a whole number of cents.`)
    .min(0, `${what} cannot be negative.`)
    .max(max, `${what} can be at most ${max}.`);

// ASCII letters are checked before upper-casing, as for destinations (lib/shipping/schemas.ts).
const country = z
  .string({ error: "Use ISO 3166-1 alpha-2 country codes, or \"*\"." })
  .refine((code) => code === CATCH_ALL || (/^[A-Za-z]{2}$/.test(code) && isCountryCode(code.toUpperCase())), {
    error: (issue) => `Unknown country code ${JSON.stringify(issue.input).slice(0, 20)}.`,
  })
  .transform((code) => code.toUpperCase());

const zoneInput = z.strictObject({
  code: z
    .string({ error: "The zone code is required." })
    .regex(ZONE_CODE_PATTERN, "Use 1-10 upper-case letters, digits or _, starting with a letter.")
    .meta({ example: "EU" }),
  name: z.string({ error: "The zone name is required." }).trim().min(1, "The zone name is required.").max(100, "Use at most 100 characters."),
  countries: z
    .array(country, { error: "List the zone's country codes." })
    .min(1, "List at least one country, or \"*\" for every other country.")
    .max(COUNTRY_CODES.length, `At most ${COUNTRY_CODES.length} countries.`)
    .meta({ description: `ISO 3166-1 alpha-2 codes, or exactly ["${CATCH_ALL}"] for the one zone that takes every other country.` }),
  ratePerKgCents: int("The rate per kg", RATE_LIMITS.maxRatePerKgCents),
  minimumChargeCents: int("The minimum charge", RATE_LIMITS.maxMinimumChargeCents),
});

/**
 * A new rate table as an administrator sends it (no `version` or `createdAt`: the server assigns
 * them). Table-wide rules are checked after the fields, each with the field path that breaks it.
 */
export const rateTableInputSchema = z
  .strictObject({
    currency: z.literal(CURRENCY, { error: `The currency must be ${CURRENCY}.` }),
    zones: z
      .array(zoneInput, { error: "List the zones." })
      .min(1, "At least one zone (the catch-all) is needed.")
      .max(RATE_LIMITS.maxZones, `At most ${RATE_LIMITS.maxZones} zones.`),
    loyalty: z.strictObject({
      minOrders: z
        .number({ error: "The number of orders must be a whole number." })
        .int("The number of orders must be a whole number.")
        .min(0, "The number of orders cannot be negative.")
        .max(RATE_LIMITS.maxLoyaltyMinOrders, `At most ${RATE_LIMITS.maxLoyaltyMinOrders}.`),
      percent: z
        .number({ error: "The percentage must be a whole number." })
        .int("The percentage must be a whole number.")
        .min(0, "The percentage cannot be negative.")
        .max(RATE_LIMITS.maxLoyaltyPercent, `The percentage can be at most ${RATE_LIMITS.maxLoyaltyPercent}.`),
    }),
    // Optional so that an editor or script written before parcels had dimensions keeps publishing.
    volumetricDivisor: z
      .number({ error: "The volumetric divisor must be a whole number." })
      .int("The volumetric divisor must be a whole number.")
      .min(RATE_LIMITS.minVolumetricDivisor, `The volumetric divisor must be at least ${RATE_LIMITS.minVolumetricDivisor}.`)
      .max(RATE_LIMITS.maxVolumetricDivisor, `The volumetric divisor can be at most ${RATE_LIMITS.maxVolumetricDivisor}.`)
      .default(SEED_RATE_TABLE.volumetricDivisor)
      .meta({
        description: `Volumetric weight (kg) = length x width x height (cm) / this; ${SEED_RATE_TABLE.volumetricDivisor} when left out.`,
        example: SEED_RATE_TABLE.volumetricDivisor,
      }),
  })
  .superRefine((table, ctx) => {
    const catchAll: number[] = [];
    const codes = new Map<string, number>();
    const zoneOfCountry = new Map<string, string>();
    table.zones.forEach((zone, i) => {
      if (codes.has(zone.code)) {
        ctx.addIssue({ code: "custom", path: ["zones", i, "code"], message: `Zone code ${zone.code} is used twice.` });
      }
      codes.set(zone.code, i);
      if (zone.countries.includes(CATCH_ALL)) {
        catchAll.push(i);
        if (zone.countries.length > 1) {
          ctx.addIssue({ code: "custom", path: ["zones", i, "countries"], message: `The catch-all zone lists only "${CATCH_ALL}".` });
        }
        return;
      }
      zone.countries.forEach((code, j) => {
        const owner = zoneOfCountry.get(code);
        if (owner !== undefined) {
          ctx.addIssue({
            code: "custom",
            path: ["zones", i, "countries", j],
            message: owner === zone.code ? `${code} is listed twice.` : `${code} is already in zone ${owner}.`,
          });
        } else zoneOfCountry.set(code, zone.code);
      });
    });
    if (catchAll.length !== 1) {
      ctx.addIssue({
        code: "custom",
        path: ["zones"],
        message: `Exactly one zone must take every other country (countries ["${CATCH_ALL}"]); this table has ${catchAll.length}.`,
      });
    }
  })
  .meta({
    id: "RateTableRequest",
    description: "A new rate table version: in force at once for every quote and order.",
    example: { currency: CURRENCY, zones: SEED_RATE_TABLE.zones, loyalty: SEED_RATE_TABLE.loyalty, volumetricDivisor: SEED_RATE_TABLE.volumetricDivisor },
  });

export type RateTableInput = z.output<typeof rateTableInputSchema>;

export const zoneSchema = z
  .strictObject({
    code: z.string().regex(ZONE_CODE_PATTERN),
    name: z.string(),
    countries: z.array(z.string()).min(1),
    ratePerKgCents: z.int().nonnegative(),
    minimumChargeCents: z.int().nonnegative(),
  })
  .meta({ id: "RateZone" });

export const ratesSchema = z
  .strictObject({
    version: z.int().positive(),
    currency: z.literal(CURRENCY),
    createdAt: z.iso.datetime(),
    zones: z.array(zoneSchema),
    loyalty: z.strictObject({
      minOrders: z.int().nonnegative().meta({ description: "The discount applies with more than this many paid, shipped or delivered orders." }),
      percent: z.int().min(0).max(100),
    }),
    volumetricDivisor: z.int().positive().meta({ description: "Volumetric weight (kg) = length x width x height (cm) / this." }),
  })
  .meta({
    id: "Rates",
    description:
      "A version of the shipping rate table. Subtotal = max(chargeable weight x rate rounded half-up, minimum charge); the chargeable weight is max(actual, volumetric), to the gram.",
    example: { ...SEED_RATE_TABLE, createdAt: "2026-11-30T03:00:00.000Z" },
  });

export type RatesDto = z.output<typeof ratesSchema>;

/** `{ rates }`: the table in force, or a version just published. */
export const ratesResponseSchema = z.strictObject({ rates: ratesSchema }).meta({ id: "RatesResponse" });

