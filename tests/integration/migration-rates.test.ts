/**
 * The migration that made rates data and gave orders a lifecycle, applied to a database that already
 * has orders (as every deployed Keel does): version 1 is the seed table, and existing orders keep
 * their prices and become paid orders priced by version 1 without a minimum charge, with a placed
 * and a paid event (the migration's comments say why).
 */
import { afterEach, beforeEach, describe, expect, inject, it } from "vitest";
import { detectDrift } from "@/scripts/db/drift";
import { applyMigrations } from "@/lib/db/migrate";
import { readMigrationFiles } from "@/lib/db/migration-files";
import { SEED_RATE_TABLE } from "@/lib/shipping/pricing";
import { type FreshDatabase, freshDatabase } from "../support/sessions";

const engine = inject("engine");
const files = readMigrationFiles();
const LIFECYCLE = "20261130030000_rate_tables_and_order_lifecycle";

describe(`migrating a database with orders to rate tables and the lifecycle (${engine})`, () => {
  let db: FreshDatabase;
  beforeEach(async () => {
    db = await freshDatabase(engine);
  });
  afterEach(async () => {
    await db.close();
  });

  it("seeds version 1, keeps every order's price, and makes existing orders paid under version 1 with no minimum", async () => {
    const index = files.findIndex((file) => file.name === LIFECYCLE);
    expect(index).toBeGreaterThan(0);
    await applyMigrations(db.session, { migrations: files.slice(0, index) });
    await db.session.exec(`
      INSERT INTO users (username, email, password_hash, updated_at) VALUES ('old_timer', 'old@example.com', 'x', now());
      INSERT INTO orders (user_id, destination, weight_grams, region, rate_per_kg_cents, subtotal_cents, discount_cents, total_cents, currency, created_at)
      VALUES ((SELECT id FROM users), 'US', 1, 'US', 250, 0, 0, 0, 'USD', '2026-01-02T03:04:05.678Z'),
             ((SELECT id FROM users), 'DE', 2100, 'EU', 300, 630, 63, 567, 'USD', '2026-02-03T04:05:06.789Z');`);
    const before = await db.session.query(`SELECT id, region::text, subtotal_cents, discount_cents, total_cents FROM orders ORDER BY id`);

    await applyMigrations(db.session, { migrations: files });
    expect(await detectDrift(db.session)).toEqual([]);

    const [table] = await db.session.query<Record<string, unknown>>(`SELECT version, currency, zones, loyalty_min_orders, loyalty_percent, created_by_id FROM shipping_rate_tables`);
    expect(table).toEqual({
      version: 1,
      currency: "USD",
      zones: SEED_RATE_TABLE.zones,
      loyalty_min_orders: SEED_RATE_TABLE.loyalty.minOrders,
      loyalty_percent: SEED_RATE_TABLE.loyalty.percent,
      created_by_id: null,
    });
    expect(await db.session.query(`SELECT id, region, subtotal_cents, discount_cents, total_cents FROM orders ORDER BY id`)).toEqual(before);
    expect(await db.session.query(`SELECT rates_version, minimum_charge_cents, status::text, tracking_number FROM orders ORDER BY id`)).toEqual([
      { rates_version: 1, minimum_charge_cents: 0, status: "paid", tracking_number: null },
      { rates_version: 1, minimum_charge_cents: 0, status: "paid", tracking_number: null },
    ]);
    const events = await db.session.query<{ order_id: number; status: string; at: Date | string; actor_id: number | null }>(
      `SELECT e.order_id, e.status::text, e.at, e.actor_id, o.created_at FROM order_events e JOIN orders o ON o.id = e.order_id ORDER BY e.order_id, e.id`,
    );
    expect(events.map((e) => [e.order_id, e.status, e.actor_id])).toEqual([
      [before[0]!.id, "placed", null],
      [before[0]!.id, "paid", null],
      [before[1]!.id, "placed", null],
      [before[1]!.id, "paid", null],
    ]);
    // Placed when the order was created; paid when the migration ran.
    expect(new Date(events[0]!.at).toISOString()).toBe("2026-01-02T03:04:05.678Z");
    expect(new Date(events[2]!.at).toISOString()).toBe("2026-02-03T04:05:06.789Z");
    expect(Date.now() - new Date(events[1]!.at).getTime()).toBeLessThan(60_000);
  });
});
