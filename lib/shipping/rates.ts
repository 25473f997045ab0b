/**
 * Rate tables as data (OpenAPI document, Shipping rates as data). Every version is a row that is never changed;
 * the newest is in force. It is read from the database on every request that prices something (one
 * primary-key lookup), never cached in the process, so a version published on one server instance is
 * in force on every instance at once.
 */
import { z } from "zod";
import type { RateTableRow } from "@/lib/auth/session-user";
import type { Db } from "@/lib/db/types";
import type { ShippingRateTable } from "@/lib/db/generated/client";
import { getDb } from "@/lib/db/client";
import { CURRENCY, type RateTable } from "./pricing";
import { type RatesDto, type RateTableInput, zoneSchema } from "./rate-table";

/** A stored version as the pricing function takes it. The zones JSON is checked, not trusted. */
function toRateTable(row: ShippingRateTable): RateTable {
  return {
    version: row.version,
    currency: z.literal(CURRENCY).parse(row.currency),
    zones: z.array(zoneSchema).parse(row.zones),
    loyalty: { minOrders: row.loyaltyMinOrders, percent: row.loyaltyPercent },
  };
}

/** The table in force as the session check reads it (lib/auth/session-user.ts), checked like a Prisma row. */
export function rateTableFromRow(row: RateTableRow): RateTable {
  return {
    version: z.int().parse(row.version),
    currency: z.literal(CURRENCY).parse(row.currency),
    zones: z.array(zoneSchema).parse(row.zones),
    loyalty: { minOrders: z.int().parse(row.loyalty_min_orders), percent: z.int().parse(row.loyalty_percent) },
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
