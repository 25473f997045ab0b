/**
 * Rate tables as data (API.md, Shipping rates as data). Every version is a row that is never changed;
 * the newest is in force. It is read from the database on every request that prices something (one
 * primary-key lookup), never cached in the process, so a version published on one server instance is
 * in force on every instance at once.
 */
import { z } from "zod";
import type { Db } from "@/lib/db/types";
import type { ShippingRateTable } from "@/lib/db/generated/client";
import { getDb } from "@/lib/db/client";
import { COUNTRY_CODES, isCountryCode } from "./countries";
import { CATCH_ALL, CURRENCY, type RateTable, SEED_RATE_TABLE } from "./pricing";
import { ZONE_CODE_PATTERN } from "./schemas";

/** Bounds that keep every price exact and every order within the database's 32-bit integers. */
export const RATE_LIMITS = {
  maxZones: 50,
  maxRatePerKgCents: 100_000,
  maxMinimumChargeCents: 100_000,
  maxLoyaltyMinOrders: 1_000_000,
  maxLoyaltyPercent: 100,
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
    example: { currency: CURRENCY, zones: SEED_RATE_TABLE.zones, loyalty: SEED_RATE_TABLE.loyalty },
  });

export type RateTableInput = z.output<typeof rateTableInputSchema>;

const zoneSchema = z
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
  })
  .meta({
    id: "Rates",
    description: "A version of the shipping rate table. Subtotal = max(weight x rate rounded half-up, minimum charge).",
    example: { ...SEED_RATE_TABLE, createdAt: "2026-11-30T03:00:00.000Z" },
  });

export type RatesDto = z.output<typeof ratesSchema>;

/** A stored version as the pricing function takes it. The zones JSON is checked, not trusted. */
function toRateTable(row: ShippingRateTable): RateTable {
  return {
    version: row.version,
    currency: z.literal(CURRENCY).parse(row.currency),
    zones: z.array(zoneSchema).parse(row.zones),
    loyalty: { minOrders: row.loyaltyMinOrders, percent: row.loyaltyPercent },
  };
}

export function toRatesDto(row: ShippingRateTable): RatesDto {
  return { ...toRateTable(row), createdAt: row.createdAt.toISOString() };
}

async function newestRow(db: Db): Promise<ShippingRateTable> {
  const row = await db.shippingRateTable.findFirst({ orderBy: { version: "desc" } });
  // The first migration seeds version 1 and versions are never deleted, so this cannot happen.
  if (!row) throw new Error("No shipping rate table: the database is not migrated.");
  return row;
}

/** The table in force (the newest version), read from the database: pass a transaction to read it inside one. */
export async function rateTableInForce(db?: Db): Promise<RateTable> {
  return toRateTable(await newestRow(db ?? (await getDb())));
}

/** GET /api/v1/shipping/rates. */
export async function getRatesInForce(): Promise<RatesDto> {
  return toRatesDto(await newestRow(await getDb()));
}

/** Every version, newest first (there are few: one per change an administrator makes). */
export async function listRateVersions(): Promise<RatesDto[]> {
  const rows = await (await getDb()).shippingRateTable.findMany({ orderBy: { version: "desc" } });
  return rows.map(toRatesDto);
}

// Serialises publishing: the next version number is the newest + 1, so two administrators saving at
// once must take turns (an advisory lock, as there is no row to lock before the new one exists).
const PUBLISH_LOCK_KEY = 0x6b65656c_72;

/** Publishes a new version; it is in force for the very next quote or order on every instance. */
export async function publishRates(adminId: number, input: RateTableInput): Promise<RatesDto> {
  const db = await getDb();
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${PUBLISH_LOCK_KEY}::bigint)`;
    const newest = await tx.shippingRateTable.findFirst({ orderBy: { version: "desc" }, select: { version: true } });
    const row = await tx.shippingRateTable.create({
      data: {
        version: (newest?.version ?? 0) + 1,
        currency: input.currency,
        zones: input.zones,
        loyaltyMinOrders: input.loyalty.minOrders,
        loyaltyPercent: input.loyalty.percent,
        createdById: adminId,
      },
    });
    return toRatesDto(row);
  });
}
