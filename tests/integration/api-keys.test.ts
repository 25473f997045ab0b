/**
 * API keys over HTTP (API.md, "API keys and webhooks"): made and listed without their secret, a
 * key acting as its owner within its scopes and refused everywhere else (table-driven over the
 * whole operation list of the OpenAPI document, so a new route is covered the day it is added),
 * revocation and expiry taking effect at once, lastUsedAt, and the keys' own rate limits.
 *
 * A world of its own (tests/support/admin.ts): an administrator whose keys must not open
 * administration routes, and small rate limits that would disturb other tests.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type AdminWorld, startAdminWorld } from "../support/admin";
import { expectError, isoTimestamp, placeOrders, signedIn } from "../support/domain";
import { type Api, randomIp } from "../support/http";

const engine = inject("engine");
const REQUESTS_PER_MINUTE = 150;
const FAILURES_PER_IP = 5;
const ALL_SCOPES = ["orders:read", "orders:write", "quotes"] as const;

let world: AdminWorld;
let client: Api;

beforeAll(async () => {
  world = await startAdminWorld(engine, {
    RATE_LIMIT_API_KEY_REQUESTS_PER_MINUTE: String(REQUESTS_PER_MINUTE),
    RATE_LIMIT_API_KEY_FAILURES_PER_IP: String(FAILURES_PER_IP),
  });
  client = world.client;
});

afterAll(async () => {
  await world?.close();
});

async function makeKey(token: string, scopes: readonly string[], extra: Record<string, unknown> = {}) {
  const response = await client.post("/api/v1/profile/api-keys", { name: `key ${scopes.join(" ")}`, scopes, ...extra }, { token });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body as { apiKey: { id: number; prefix: string; scopes: string[] }; secret: string };
}

describe("POST/GET/DELETE /api/v1/profile/api-keys", () => {
  it("makes a key shown once (keel_sk_ + prefix + 256 bits), lists it by name and prefix without the secret", async () => {
    const { token } = await signedIn(client);
    const expiresAt = new Date(Date.now() + 86_400_000).toISOString();
    const created = await client.post("/api/v1/profile/api-keys", { name: "Warehouse sync", scopes: ["orders:read", "quotes", "quotes"], expiresAt }, { token });
    expect(created.status).toBe(201);
    const { apiKey, secret } = created.body;
    expect(secret).toMatch(/^keel_sk_[0-9A-Za-z]{55}$/);
    expect(apiKey).toEqual({
      id: expect.any(Number),
      name: "Warehouse sync",
      prefix: secret.slice(0, 20),
      scopes: ["orders:read", "quotes"],
      createdAt: isoTimestamp,
      lastUsedAt: null,
      expiresAt,
    });
    const list = await client.get("/api/v1/profile/api-keys", { token });
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([apiKey]);
    expect(JSON.stringify(list.body)).not.toContain(secret.slice(20));
  });

  it("refuses bad input with 400, never 500", async () => {
    const { token } = await signedIn(client);
    for (const body of [
      {},
      { name: "x", scopes: [] },
      { name: "x", scopes: ["admin"] },
      { name: "", scopes: ["quotes"] },
      { name: "x".repeat(101), scopes: ["quotes"] },
      { name: "x", scopes: ["quotes"], expiresAt: "2001-01-01T00:00:00Z" },
      { name: "x", scopes: ["quotes"], expiresAt: "tomorrow" },
      { name: "x", scopes: ["quotes"], secret: "keel_sk_mine" },
      { name: ["x"], scopes: "quotes" },
      { name: "x", scopes: Array.from({ length: 1_000 }, () => "quotes") },
    ]) {
      expectError(await client.post("/api/v1/profile/api-keys", body, { token }), 400, "validation_failed", "any");
    }
  });

  it("another user's key is not found, and cannot be revoked", async () => {
    const alice = await signedIn(client);
    const bob = await signedIn(client);
    const { apiKey, secret } = await makeKey(alice.token, ["orders:read"]);
    expectError(await client.delete(`/api/v1/profile/api-keys/${apiKey.id}`, undefined, { token: bob.token }), 404, "not_found");
    for (const id of ["abc", "0", "-1", "99999999999", "1e3"]) {
      expectError(await client.delete(`/api/v1/profile/api-keys/${id}`, undefined, { token: alice.token }), 404, "not_found");
    }
    expect((await client.get("/api/v1/orders", { token: secret })).status).toBe(200);
  });
});

describe("a key acts as its owner within its scopes", () => {
  it("reads and writes the owner's orders, never another user's, and prices with the owner's account", async () => {
    const owner = await signedIn(client);
    const other = await signedIn(client);
    const [theirs] = await placeOrders(client, other.token, 1);
    const { secret } = await makeKey(owner.token, ALL_SCOPES);
    const placed = await client.post("/api/v1/orders", { weightKg: 2.1, destination: "DE", reference: "key-1" }, { token: secret });
    expect(placed.status).toBe(201);
    const mine = await client.get("/api/v1/orders", { token: owner.token });
    expect(mine.body.items.map((o: { id: number }) => o.id)).toEqual([placed.body.order.id]);
    expect((await client.get(`/api/v1/orders/${placed.body.order.id}`, { token: secret })).body.order).toEqual(placed.body.order);
    expectError(await client.get(`/api/v1/orders/${theirs.id}`, { token: secret }), 404, "not_found");
    expectError(await client.post(`/api/v1/orders/${theirs.id}/cancel`, undefined, { token: secret }), 404, "not_found");
    // Updating is orders:write too (PATCH /api/v1/orders/{id} once forgot its scope and refused every key).
    const contents = { description: "2 cotton T-shirts", valueCents: 2500, currency: "USD" };
    const updated = await client.patch(`/api/v1/orders/${placed.body.order.id}`, { contents }, { token: secret });
    expect(updated.status, JSON.stringify(updated.body)).toBe(200);
    expect(updated.body.order.contents).toMatchObject(contents);
    expectError(await client.patch(`/api/v1/orders/${theirs.id}`, { contents }, { token: secret }), 404, "not_found");
    const { secret: readOnly } = await makeKey(owner.token, ["orders:read", "quotes"]);
    expectError(await client.patch(`/api/v1/orders/${placed.body.order.id}`, { contents }, { token: readOnly }), 403, "forbidden");
    expect((await client.post(`/api/v1/orders/${placed.body.order.id}/cancel`, undefined, { token: secret })).body.order.status).toBe("cancelled");
    expect((await client.post("/api/v1/shipping/quote", { weightKg: 2.1, destination: "DE" }, { token: secret })).body.quote.totalCents).toBe(630);
  });

  it("an administrator's key opens no administration route", async () => {
    const { secret } = await makeKey(world.adminTokens.accessToken, ALL_SCOPES);
    expectError(await client.get("/api/v1/admin/users", { token: secret }), 403, "forbidden");
    expectError(await client.get("/api/v1/admin/orders", { token: secret }), 403, "forbidden");
  });
});

/** A path of the document with its ids filled in: the caller's own order where the path names one. */
function concretePath(path: string, orderId: number): string {
  return path.replace("/orders/{id}", `/orders/${orderId}`).replace(/\{[^}]+\}/g, "1");
}

describe("scopes on every route (table-driven over the OpenAPI document's operation list)", () => {
  it("every non-public operation: a key is refused (403) unless the operation names the apiKey scheme; with its scope it passes, without it 403", async () => {
    const document = (await client.get("/api/v1/openapi.json")).body as {
      paths: Record<string, Record<string, { operationId: string; security?: Record<string, string[]>[] }>>;
    };
    const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({ path, method: method.toUpperCase(), ...operation })),
    );
    expect(operations.length).toBeGreaterThan(40);
    const { token } = await signedIn(client);
    const [order] = await placeOrders(client, token, 1);
    let checked = 0;
    let open = 0;
    for (const operation of operations) {
      const schemes = (operation.security ?? []).flatMap((entry) => Object.keys(entry));
      // Public routes (and the cron route's own secret) never read a key.
      if (!schemes.includes("bearerAuth")) continue;
      const scope = operation.security!.find((entry) => entry.apiKey)?.apiKey?.[0];
      const path = concretePath(operation.path, order.id);
      const body = operation.method === "GET" || operation.method === "DELETE" ? undefined : {};
      const full = await makeKey(token, ALL_SCOPES);
      const withFull = await client.call(operation.method, path, body, { token: full.secret });
      const label = `${operation.method} ${operation.path} (${operation.operationId})`;
      expect(withFull.status, label).not.toBe(500);
      if (scope === undefined) {
        expect(withFull.status, label).toBe(403);
        expect(withFull.body.error.code, label).toBe("forbidden");
      } else {
        open++;
        expect([401, 403], `${label}: ${JSON.stringify(withFull.body)}`).not.toContain(withFull.status);
        const lacking = await makeKey(token, ALL_SCOPES.filter((s) => s !== scope));
        const without = await client.call(operation.method, path, body, { token: lacking.secret });
        expect(without.status, label).toBe(403);
        expect(without.body.error.code, label).toBe("forbidden");
        await client.delete(`/api/v1/profile/api-keys/${lacking.apiKey.id}`, undefined, { token });
      }
      await client.delete(`/api/v1/profile/api-keys/${full.apiKey.id}`, undefined, { token });
      checked++;
    }
    expect(checked).toBeGreaterThan(30);
    expect(open).toBeGreaterThanOrEqual(6);
  });
});

describe("revocation and expiry", () => {
  it("a revoked key is refused from the very next request", async () => {
    const { token } = await signedIn(client);
    const { apiKey, secret } = await makeKey(token, ["orders:read"]);
    expect((await client.get("/api/v1/orders", { token: secret })).status).toBe(200);
    expect((await client.delete(`/api/v1/profile/api-keys/${apiKey.id}`, undefined, { token })).status).toBe(204);
    expectError(await client.get("/api/v1/orders", { token: secret }), 401, "unauthenticated");
    expect((await client.get("/api/v1/profile/api-keys", { token })).body.items).toEqual([]);
  });

  it("an expired key is refused; a tampered or made-up one too", async () => {
    const { token } = await signedIn(client);
    const { secret } = await makeKey(token, ["orders:read"], { expiresAt: new Date(Date.now() + 1_500).toISOString() });
    expect((await client.get("/api/v1/orders", { token: secret })).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const ip = randomIp();
    expectError(await client.get("/api/v1/orders", { token: secret, ip }), 401, "unauthenticated");
    const { secret: live } = await makeKey(token, ["orders:read"]);
    expectError(await client.get("/api/v1/orders", { token: `${live.slice(0, -1)}${live.endsWith("a") ? "b" : "a"}`, ip }), 401, "unauthenticated");
    expectError(await client.get("/api/v1/orders", { token: "keel_sk_short", ip }), 401, "unauthenticated");
  });

  it("the owner's account deleted: its keys stop working", async () => {
    const { user, token } = await signedIn(client);
    const { secret } = await makeKey(token, ["orders:read"]);
    expect((await client.delete("/api/v1/profile", { password: user.password }, { token })).status).toBe(204);
    expectError(await client.get("/api/v1/orders", { token: secret }), 401, "unauthenticated");
  });
});

describe("lastUsedAt and the keys' own rate limits", () => {
  it("records the last use (at most one write a minute)", async () => {
    const { token } = await signedIn(client);
    const { secret } = await makeKey(token, ["quotes"]);
    const before = Date.now();
    expect((await client.post("/api/v1/shipping/quote", { weightKg: 1, destination: "US" }, { token: secret })).status).toBe(200);
    let lastUsedAt: string | null = null;
    for (let i = 0; i < 40 && !lastUsedAt; i++) {
      lastUsedAt = (await client.get("/api/v1/profile/api-keys", { token })).body.items[0].lastUsedAt;
      if (!lastUsedAt) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(Date.parse(lastUsedAt!)).toBeGreaterThanOrEqual(before - 1_000);
    // Used again within the minute: the stored value stays (no write per request).
    expect((await client.post("/api/v1/shipping/quote", { weightKg: 1, destination: "US" }, { token: secret })).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await client.get("/api/v1/profile/api-keys", { token })).body.items[0].lastUsedAt).toBe(lastUsedAt);
  });

  it("each key has its own request budget per minute (429 with Retry-After); another key and people are not affected", async () => {
    const { token } = await signedIn(client);
    const { secret } = await makeKey(token, ["orders:read"]);
    const { secret: other } = await makeKey(token, ["orders:read"]);
    const statuses: number[] = [];
    for (let i = 0; i < REQUESTS_PER_MINUTE + 1; i++) statuses.push((await client.get("/api/v1/orders?limit=1", { token: secret })).status);
    expect(statuses.slice(0, REQUESTS_PER_MINUTE).every((status) => status === 200)).toBe(true);
    const refused = await client.get("/api/v1/orders?limit=1", { token: secret });
    expectError(refused, 429, "rate_limited");
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await client.get("/api/v1/orders?limit=1", { token: other })).status).toBe(200);
    expect((await client.get("/api/v1/orders?limit=1", { token })).status).toBe(200);
  });

  it("bad keys count per client IP: past the limit even a good key from that IP waits", async () => {
    const { token } = await signedIn(client);
    const { secret } = await makeKey(token, ["orders:read"]);
    const ip = randomIp();
    for (let i = 0; i < FAILURES_PER_IP; i++) {
      expectError(await client.get("/api/v1/orders", { token: `keel_sk_${"x".repeat(55)}`, ip }), 401, "unauthenticated");
    }
    expectError(await client.get("/api/v1/orders", { token: secret, ip }), 429, "rate_limited");
    expect((await client.get("/api/v1/orders", { token: secret, ip: randomIp() })).status).toBe(200);
  });
});
