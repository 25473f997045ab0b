/**
 * Rate tables as data (OpenAPI document, Shipping rates as data). Every version is a row that is never changed;
 * the newest is in force. Which version is in force is read from the database on every request that
 * prices something (in the session statement, or one primary-key lookup), never assumed, so a version
 * published on one server instance is in force on every instance from their next request. What a
 * version says is checked once per process and kept (checkedRateTable below).
 */
import { z } from "zod";
import type { Db } from "@/lib/db/types";
import type { ShippingRateTable } from "@/lib/db/generated/client";
import { getDb } from "@/lib/db/client";
import { Conflict } from "@/lib/errors";
import { sessionFragment } from "@/lib/auth/sessions/session-fragment";
import { CURRENCY, type RateTable } from "./pricing";
import { type RatesDto, type RateTableInput, zoneSchema } from "./rate-table";

const rateTableKeyText = z.string();

// Built once: constructing a zod schema costs far more than running it, and these ran per request.
const storedCurrency = z.literal(CURRENCY);
const storedZones = z.array(zoneSchema);

/**
 * Checked tables by version. A version is a row that Keel never updates or deletes (publishing
 * inserts the next version; nothing else writes the table), so the table checked once for version N
 * is the table of version N for as long as the process lives. The key also holds the row's
 * publication time, so that even a database restored or re-seeded under a running server (another
 * row with the same number) is read and checked afresh instead of served from here. Bounded, because
 * a long-lived process sees every version ever published.
 */
const checkedTables = new Map<string, RateTable>();
const CHECKED_TABLES_KEPT = 8;

/**
 * A version's identity: its number and publication time in ms. The session statement computes the
 * same string in SQL (lib/shipping/preload.ts rateTableFragment), so the two must agree.
 */
export const rateTableKey = (version: number, createdAt: Date) => `${version}@${createdAt.getTime()}`;

/** A stored version as the pricing function takes it: the zones JSON is checked, not trusted, once per version. */
export function checkedRateTable(row: ShippingRateTable): RateTable {
  const key = rateTableKey(row.version, row.createdAt);
  const cached = checkedTables.get(key);
  if (cached) return cached;
  const table: RateTable = {
    version: row.version,
    currency: storedCurrency.parse(row.currency),
    zones: storedZones.parse(row.zones),
    loyalty: { minOrders: row.loyaltyMinOrders, percent: row.loyaltyPercent },
    volumetricDivisor: row.volumetricDivisor,
  };
  // Frozen: the kept object is shared by every request that prices with this version.
  deepFreeze(table);
  if (checkedTables.size >= CHECKED_TABLES_KEPT) checkedTables.delete(checkedTables.keys().next().value!);
  checkedTables.set(key, table);
  return table;
}

function deepFreeze(value: unknown): void {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const item of Object.values(value)) deepFreeze(item);
  }
}

const RATE_TABLE_KEY = /^([1-9][0-9]{0,9})@-?[0-9]{1,16}$/;

/**
 * The table in force, given the key of the newest version as the session statement read it. Almost
 * always a table checked before (no further query: the request stays one round trip); the first
 * request after a new version is published reads that version by its primary key, once per process.
 */
export async function rateTableForKey(key: string): Promise<RateTable> {
  const kept = checkedTables.get(key);
  if (kept) return kept;
  const match = RATE_TABLE_KEY.exec(key);
  if (!match) throw new Error(`Malformed rate table key from the session statement: ${JSON.stringify(key).slice(0, 40)}`);
  const db = await getDb();
  const row = await db.shippingRateTable.findUnique({ where: { version: Number(match[1]) } });
  // The statement saw this version a moment ago and versions are never deleted.
  if (!row) throw new Error(`Rate table version ${match[1]} vanished.`);
  return checkedRateTable(row);
}

export function toRatesDto(row: ShippingRateTable): RatesDto {
  return { ...checkedRateTable(row), createdAt: row.createdAt.toISOString() };
}

async function newestRow(db: Db): Promise<ShippingRateTable> {
  const row = await db.shippingRateTable.findFirst({ orderBy: { version: "desc" } });
  // The first migration seeds version 1 and versions are never deleted, so this cannot happen.
  if (!row) throw new Error("No shipping rate table: the database is not migrated.");
  return row;
}

/** The table in force (the newest version), read from the database: pass a transaction to read it inside one. */
export async function rateTableInForce(db?: Db): Promise<RateTable> {
  return checkedRateTable(await newestRow(db ?? (await getDb())));
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

/**
 * Publishes a new version; it is in force for the very next quote or order on every instance. With
 * `replacing` (the web editor, whose confirmation names "version N to version N+1"), another version
 * published since the administrator's draft was made is a Conflict instead: their confirmation
 * described a change from a table that is no longer in force.
 */
export async function publishRates(adminId: number, input: RateTableInput, options: { replacing?: number } = {}): Promise<RatesDto> {
  const db = await getDb();
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${PUBLISH_LOCK_KEY}::bigint)`;
    const newest = await tx.shippingRateTable.findFirst({ orderBy: { version: "desc" }, select: { version: true } });
    if (options.replacing !== undefined && newest?.version !== options.replacing) {
      throw new Conflict(`Version ${newest?.version} was published since you started this draft. Reload the page to see it, then make your changes again.`);
    }
    const row = await tx.shippingRateTable.create({
      data: {
        version: (newest?.version ?? 0) + 1,
        currency: input.currency,
        zones: input.zones,
        loyaltyMinOrders: input.loyalty.minOrders,
        loyaltyPercent: input.loyalty.percent,
        volumetricDivisor: input.volumetricDivisor,
        createdById: adminId,
      },
    });
    return toRatesDto(row);
  });
}

/**
 * The rate table in force, as its key (rateTableKey's twin: the version, "@", created_at in whole ms
 * since the epoch): the table itself is checked once per process and kept (rateTableForKey), so the
 * statement need not send it on every request. Read without the statement, the newest row is
 * checked (and so kept) on the way, and its key returned.
 */
export const rateTableFragment = sessionFragment<string>({
  column: "rates_key",
  sql: () => `(SELECT version || '@' || (extract(epoch FROM created_at) * 1000)::bigint
             FROM shipping_rate_tables ORDER BY version DESC LIMIT 1)`,
  values: () => [],
  parse: (raw) => rateTableKeyText.parse(raw),
  read: async () => {
    const row = await newestRow(await getDb());
    checkedRateTable(row);
    return rateTableKey(row.version, row.createdAt);
  },
});
