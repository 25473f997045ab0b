/**
 * Shipping rates as data over HTTP (OpenAPI document, Shipping rates as data): the seed version 1, the
 * minimum charge, administrators publishing new versions that are in force for the very next quote
 * and order while every existing order keeps its price, and every invalid table refused with field
 * errors. Runs in an admin world (tests/support/admin.ts): publishing changes the whole server.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type AdminWorld, startAdminWorld } from "../support/admin";
import { expectError, isoTimestamp, placeOrders, signedIn, sql } from "../support/domain";
import fs from "node:fs";
import { tempDir } from "../support/database";
import { engineServerEnv } from "../support/engine";
import { api, webSignIn } from "../support/http";
import { startServer } from "../support/server";

const engine = inject("engine");
const EU = ["AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK"];
const SEED_ZONES = [
  { code: "US", name: "United States", countries: ["US"], ratePerKgCents: 250, minimumChargeCents: 100 },
  { code: "EU", name: "European Union", countries: EU, ratePerKgCents: 300, minimumChargeCents: 100 },
  { code: "INTL", name: "International", countries: ["*"], ratePerKgCents: 400, minimumChargeCents: 100 },
];
const seed = { currency: "USD", zones: SEED_ZONES, loyalty: { minOrders: 50, percent: 10 } };

let world: AdminWorld;
let adminToken: string;

beforeAll(async () => {
  world = await startAdminWorld(engine);
  adminToken = world.adminTokens.accessToken;
});

afterAll(async () => {
  await world?.close();
});

const publish = (table: unknown, token = adminToken) => world.client.post("/api/v1/admin/shipping/rates", table, { token });
const quote = (weightKg: number, destination: string, token?: string) =>
  world.client.post("/api/v1/shipping/quote", { weightKg, destination }, token ? { token } : {});

// The tests of this file run in order: the seed first, then versions published one after another.
describe("the seed rate table", () => {
  it("is version 1, in force, as the contract states, for anyone", async () => {
    const response = await world.client.get("/api/v1/shipping/rates");
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ rates: { version: 1, createdAt: isoTimestamp, ...seed } });
    const list = await world.client.get("/api/v1/admin/shipping/rates", { token: adminToken });
    expect(list.body).toEqual({ items: [response.body.rates] });
  });

  it("charges the 100-cent minimum when weight x rate is less, and weight x rate above it", async () => {
    const cases: [number, string, string, number, number][] = [
      [0.001, "US", "US", 250, 100],
      [0.001, "DE", "EU", 300, 100],
      [0.001, "JP", "INTL", 400, 100],
      [0.25, "JP", "INTL", 400, 100],
      [0.252, "JP", "INTL", 400, 101], // 100.8
      [0.402, "US", "US", 250, 101], // 100.5, half-up
      [0.333, "FR", "EU", 300, 100], // 99.9
      [2.1, "DE", "EU", 300, 630],
    ];
    for (const [weightKg, destination, region, rate, subtotal] of cases) {
      const response = await quote(weightKg, destination);
      expect(response.body).toEqual({
        quote: {
          region,
          ratePerKgCents: rate,
          minimumChargeCents: 100,
          weightKg,
          subtotalCents: subtotal,
          discountCents: 0,
          totalCents: subtotal,
          currency: "USD",
          ratesVersion: 1,
        },
      });
    }
    const customer = await signedIn(world.client);
    const [order] = await placeOrders(world.client, customer.token, 1, { weightKg: 0.001, destination: "US" });
    expect(order).toMatchObject({ subtotalCents: 100, totalCents: 100, minimumChargeCents: 100, ratesVersion: 1 });
  });
});

describe("publishing a new version", () => {
  it("is in force for the very next quote and order, and leaves every existing order's price alone", async () => {
    const customer = await signedIn(world.client);
    const before = await placeOrders(world.client, customer.token, 3, { weightKg: 2.1, destination: "DE" });
    const snapshot = await world.client.get("/api/v1/orders?limit=100", { token: customer.token });

    const next = {
      currency: "USD",
      zones: [
        { code: "DACH", name: "Germany, Austria, Switzerland", countries: ["de", "AT", "CH"], ratePerKgCents: 200, minimumChargeCents: 500 },
        { code: "EU", name: "Rest of the EU", countries: EU.filter((c) => c !== "DE" && c !== "AT"), ratePerKgCents: 350, minimumChargeCents: 150 },
        { code: "WORLD", name: "Everywhere else", countries: ["*"], ratePerKgCents: 900, minimumChargeCents: 0 },
      ],
      loyalty: { minOrders: 2, percent: 15 },
    };
    const published = await publish(next);
    expect(published.status).toBe(201);
    expect(published.body).toEqual({
      rates: { version: 2, createdAt: isoTimestamp, ...next, zones: next.zones.map((z) => ({ ...z, countries: z.countries.map((c) => c.toUpperCase()) })) },
    });
    expect((await world.client.get("/api/v1/shipping/rates")).body).toEqual(published.body);

    expect((await quote(2.1, "DE")).body.quote).toEqual({
      region: "DACH", ratePerKgCents: 200, minimumChargeCents: 500, weightKg: 2.1, subtotalCents: 500, discountCents: 0, totalCents: 500, currency: "USD", ratesVersion: 2,
    });
    expect((await quote(10, "CH")).body.quote).toMatchObject({ region: "DACH", subtotalCents: 2000, ratesVersion: 2 });
    expect((await quote(1, "FR")).body.quote).toMatchObject({ region: "EU", subtotalCents: 350, ratesVersion: 2 });
    expect((await quote(0.001, "JP")).body.quote).toMatchObject({ region: "WORLD", subtotalCents: 1, minimumChargeCents: 0, ratesVersion: 2 });
    expect((await quote(1, "US")).body.quote).toMatchObject({ region: "WORLD", subtotalCents: 900 });

    // Existing orders: byte for byte what they were.
    expect((await world.client.get("/api/v1/orders?limit=100", { token: customer.token })).body).toEqual(snapshot.body);
    for (const order of before) {
      expect((await world.client.get(`/api/v1/orders/${order.id}`, { token: customer.token })).body).toEqual({ order });
      expect(order).toMatchObject({ region: "EU", ratePerKgCents: 300, subtotalCents: 630, ratesVersion: 1 });
    }
    // A retry of an order placed under version 1 returns it as priced then.
    const [referenced] = await placeOrders(world.client, customer.token, 1, { weightKg: 1, destination: "US", reference: "under-v2" });
    expect(referenced).toMatchObject({ region: "WORLD", subtotalCents: 900, ratesVersion: 2 });

    // New orders are priced by version 2, with its loyalty rule (more than 2 paid orders: none paid yet).
    const [fresh] = await placeOrders(world.client, customer.token, 1, { weightKg: 2.1, destination: "AT" });
    expect(fresh).toMatchObject({ region: "DACH", ratePerKgCents: 200, minimumChargeCents: 500, subtotalCents: 500, discountCents: 0, ratesVersion: 2, status: "placed" });
    for (const order of before) {
      expect((await world.client.post(`/api/v1/admin/orders/${order.id}/status`, { status: "paid", reason: "Cash (test)" }, { token: adminToken })).status).toBe(200);
    }
    const loyal = await quote(2.1, "DE", customer.token);
    expect(loyal.body.quote).toMatchObject({ subtotalCents: 500, discountCents: 75, totalCents: 425, discountReason: "Loyalty discount: 15% off for customers with more than 2 orders." });

    const rows = await sql(world.databaseUrl, "SELECT rates_version, count(*)::int AS n FROM orders WHERE user_id = $1 GROUP BY 1 ORDER BY 1", [customer.user.id]);
    if (rows) expect(rows).toEqual([{ rates_version: 1, n: 3 }, { rates_version: 2, n: 2 }]);
  });

  it("keeps every version readable, newest first; simultaneous publishes get consecutive versions", async () => {
    const responses = await Promise.all([0, 1, 2, 3].map((i) => publish({ ...seed, loyalty: { minOrders: 50 + i, percent: 10 } })));
    expect(responses.map((r) => r.status)).toEqual([201, 201, 201, 201]);
    expect(responses.map((r) => r.body.rates.version).sort()).toEqual([3, 4, 5, 6]);
    const list = await world.client.get("/api/v1/admin/shipping/rates", { token: adminToken });
    expect(list.status).toBe(200);
    expect(list.body.items.map((r: { version: number }) => r.version)).toEqual([6, 5, 4, 3, 2, 1]);
    expect(list.body.items[5]).toEqual({ version: 1, createdAt: isoTimestamp, ...seed });
    const newest = responses.find((r) => r.body.rates.version === 6)!.body;
    expect((await world.client.get("/api/v1/shipping/rates")).body).toEqual(newest);
    expect((await quote(2.1, "DE")).body.quote).toMatchObject({ region: "EU", subtotalCents: 630, ratesVersion: 6 });
  });

  it("refuses every invalid table with 400 and field errors, publishing nothing", async () => {
    const zone = (changes: Record<string, unknown>) => ({ ...SEED_ZONES[0], ...changes });
    const cases: [unknown, string[]][] = [
      [{ ...seed, zones: [zone({ code: "US" }), zone({ code: "DE", countries: ["DE"] })] }, ["zones"]], // no catch-all
      [{ ...seed, zones: [zone({ code: "A", countries: ["*"] }), zone({ code: "B", countries: ["*"] })] }, ["zones"]], // two
      [{ ...seed, zones: [zone({ code: "A", countries: ["US", "DE"] }), zone({ code: "B", countries: ["DE"] }), zone({ code: "C", countries: ["*"] })] }, ["zones.1.countries.0"]],
      [{ ...seed, zones: [zone({ countries: ["XK"] }), zone({ code: "W", countries: ["*"] })] }, ["zones.0.countries.0"]],
      [{ ...seed, zones: [zone({ countries: ["*", "US"] })] }, ["zones.0.countries"]],
      [{ ...seed, zones: [zone({ ratePerKgCents: 2.5 }), zone({ code: "W", countries: ["*"] })] }, ["zones.0.ratePerKgCents"]],
      [{ ...seed, zones: [zone({ minimumChargeCents: -1 }), zone({ code: "W", countries: ["*"] })] }, ["zones.0.minimumChargeCents"]],
      [{ ...seed, zones: [zone({ ratePerKgCents: 1e9 }), zone({ code: "W", countries: ["*"] })] }, ["zones.0.ratePerKgCents"]],
      [{ ...seed, zones: [zone({}), zone({ countries: ["*"] })] }, ["zones.1.code"]],
      [{ ...seed, zones: [zone({ code: "us" }), zone({ code: "W", countries: ["*"] })] }, ["zones.0.code"]],
      [{ ...seed, currency: "EUR" }, ["currency"]],
      [{ ...seed, loyalty: { minOrders: 50, percent: 150 } }, ["loyalty.percent"]],
      [{ ...seed, version: 99 }, ["version"]],
      [{ ...seed, zones: "all" }, ["zones"]],
      [{}, ["currency", "zones", "loyalty"]],
    ];
    for (const [table, fields] of cases) expectError(await publish(table), 400, "validation_failed", fields);
    expectError(await world.client.post("/api/v1/admin/shipping/rates", undefined, { token: adminToken, raw: "{", contentType: "application/json" }), 400, "invalid_json");
    expect((await world.client.get("/api/v1/shipping/rates")).body.rates.version).toBe(6);
  });

  it("is for administrators only; reading the table in force is for anyone", async () => {
    const customer = await signedIn(world.client);
    expectError(await publish(seed, customer.token), 403, "forbidden");
    expectError(await world.client.post("/api/v1/admin/shipping/rates", seed), 401, "unauthenticated");
    expectError(await world.client.get("/api/v1/admin/shipping/rates", { token: customer.token }), 403, "forbidden");
    const cookie = await webSignIn(world.baseUrl, world.admin.username, world.admin.password);
    expectError(await world.client.post("/api/v1/admin/shipping/rates", seed, { cookie, origin: "https://evil.example" }), 403, "forbidden");
    expect((await world.client.get("/api/v1/shipping/rates")).body.rates.version).toBe(6);
    expect((await world.client.get("/api/v1/shipping/rates", { token: customer.token })).status).toBe(200);
    expectError(await world.client.post("/api/v1/shipping/rates", seed, { token: adminToken }), 405, "method_not_allowed");
  });
});

describe("several server instances", () => {
  // Two servers on one Postgres database (the embedded database is one process by design): a
  // version published through one is what the other prices with on its very next request.
  it.skipIf(engine !== "postgres")("use a version published on another instance from their next request", async () => {
    const dataDir = tempDir("second");
    const second = await startServer({ env: engineServerEnv("postgres", { dataDir, databaseUrl: world.databaseUrl! }) });
    try {
      const other = api(second.url);
      const before = (await other.get("/api/v1/shipping/rates")).body.rates.version;
      const table = { ...seed, zones: SEED_ZONES.map((zone) => (zone.code === "EU" ? { ...zone, ratePerKgCents: 321 } : zone)) };
      const published = await publish(table);
      expect(published.status).toBe(201);
      expect(published.body.rates.version).toBe(before + 1);
      expect((await other.get("/api/v1/shipping/rates")).body).toEqual(published.body);
      const quoted = await other.post("/api/v1/shipping/quote", { weightKg: 1, destination: "DE" });
      expect(quoted.body.quote).toMatchObject({ ratePerKgCents: 321, subtotalCents: 321, ratesVersion: before + 1 });
      const customer = await signedIn(other);
      const [order] = await placeOrders(other, customer.token, 1, { weightKg: 1, destination: "FR" });
      expect(order).toMatchObject({ ratePerKgCents: 321, ratesVersion: before + 1 });
    } finally {
      await second.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
