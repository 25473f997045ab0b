/**
 * 2,000 mixed requests at concurrency 50 against the run's server: reads, writes, idempotent retries,
 * sign-ins, hostile and unauthenticated calls all interleaved. Nothing may answer 5xx, and afterwards
 * the data must add up: every order the clients were told about exists exactly once, belongs to the
 * right user and carries a consistent price.
 */
import { randomInt } from "node:crypto";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { withClient } from "../support/database";
import { api, newUser, randomIp, type TestUser, tokensFor } from "../support/http";

const baseUrl = inject("baseUrl");
const engine = inject("engine");
const databaseUrl = inject("databaseUrl");
const client = api(baseUrl);

const TOTAL = 2000;
const CONCURRENCY = 50;
const DESTINATIONS = ["US", "DE", "FR", "JP", "BR", "GB", "IT", "CA"];

interface Account extends TestUser {
  token: string;
  /** Orders the server said it created (201) or returned for a retried reference (200), by id. */
  orders: Map<number, { totalCents: number; reference: string | null }>;
}

async function pool<T>(count: number, concurrency: number, task: (index: number) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const index = next++;
        results[index] = await task(index);
      }
    }),
  );
  return results;
}

describe(`mixed load (${engine})`, () => {
  const accounts: Account[] = [];

  beforeAll(async () => {
    for (let i = 0; i < 8; i++) {
      const user = await newUser(client);
      const { accessToken } = await tokensFor(client, user);
      accounts.push({ ...user, token: accessToken, orders: new Map() });
    }
  });

  it("answers 2,000 mixed requests at concurrency 50 without a single 5xx, and the data adds up", async () => {
    const statuses = await pool(TOTAL, CONCURRENCY, async (index) => {
      const account = accounts[index % accounts.length]!;
      const ip = randomIp();
      const kind = index % 20;
      const parcel = { weightKg: randomInt(1, 500_000) / 1000, destination: DESTINATIONS[randomInt(DESTINATIONS.length)] };
      let response;
      if (kind < 5) {
        // Orders, a third of them with a reference that is retried later in the run.
        const reference = kind === 0 ? `load-${account.id}-${index % 60}` : undefined;
        const body = reference ? { weightKg: 1.5, destination: "DE", reference } : parcel;
        response = await client.post("/api/v1/orders", body, { token: account.token, ip });
        if (response.status === 201 || response.status === 200) {
          account.orders.set(response.body.order.id, { totalCents: response.body.order.totalCents, reference: reference ?? null });
        }
      } else if (kind < 9) {
        response = await client.post("/api/v1/shipping/quote", parcel, { token: kind === 5 ? undefined : account.token, ip });
      } else if (kind < 12) {
        response = await client.get(`/api/v1/orders?limit=${randomInt(1, 30)}`, { token: account.token, ip });
      } else if (kind < 14) {
        response = await client.get("/api/v1/profile", { token: account.token, ip });
      } else if (kind === 14) {
        response = await client.get("/api/v1/health", { ip });
      } else if (kind === 15) {
        response = await client.post("/api/v1/orders", { weightKg: "heavy", destination: "XX", totalCents: 1 }, { token: account.token, ip });
      } else if (kind === 16) {
        response = await client.get("/api/v1/profile", { token: "not.a.token", ip });
      } else if (kind === 17) {
        response = await client.post("/api/v1/shipping/quote", undefined, { raw: "{not json", ip });
      } else if (kind === 18 && index % 100 === 18) {
        response = await client.post("/api/v1/auth/token", { login: account.username, password: account.password }, { ip });
      } else {
        response = await client.get(`/api/v1/orders/${randomInt(1, 100_000)}`, { token: account.token, ip });
      }
      return response.status;
    });

    const serverErrors = statuses.filter((status) => status >= 500);
    expect(serverErrors).toEqual([]);
    expect(statuses).toHaveLength(TOTAL);
    // The hostile requests were refused, and most of the rest succeeded.
    expect(statuses.filter((s) => s === 400 || s === 401 || s === 404).length).toBeGreaterThan(TOTAL * 0.2);
    expect(statuses.filter((s) => s >= 200 && s < 300).length).toBeGreaterThan(TOTAL * 0.6);

    for (const account of accounts) {
      const listed = new Map<number, { totalCents: number; subtotalCents: number; discountCents: number; reference: string | null }>();
      let cursor: string | null = null;
      do {
        const page: any = await client.get(`/api/v1/orders?limit=100${cursor ? `&cursor=${cursor}` : ""}`, { token: account.token });
        expect(page.status).toBe(200);
        for (const order of page.body.items) {
          expect(listed.has(order.id)).toBe(false);
          listed.set(order.id, order);
        }
        cursor = page.body.nextCursor;
      } while (cursor);

      // Exactly the orders the clients were told about, each once, with consistent prices.
      expect([...listed.keys()].sort((a, b) => a - b)).toEqual([...account.orders.keys()].sort((a, b) => a - b));
      for (const [id, order] of listed) {
        expect(order.totalCents).toBe(order.subtotalCents - order.discountCents);
        expect(order.totalCents).toBe(account.orders.get(id)!.totalCents);
      }
      // A retried reference never produced a second order.
      const references = [...listed.values()].map((o) => o.reference).filter((r): r is string => r !== null);
      expect(new Set(references).size).toBe(references.length);

      const profile = await client.get("/api/v1/profile", { token: account.token });
      expect(profile.body.stats.orderCount).toBe(listed.size);
    }

    if (databaseUrl) {
      await withClient(databaseUrl, async (db) => {
        const ids = accounts.map((a) => a.id);
        const { rows } = await db.query(
          `SELECT user_id, count(*)::int AS orders, count(DISTINCT reference)::int AS refs, count(reference)::int AS with_ref
             FROM orders WHERE user_id = ANY($1) GROUP BY user_id`,
          [ids],
        );
        for (const row of rows) {
          const account = accounts.find((a) => a.id === row.user_id)!;
          expect(row.orders).toBe(account.orders.size);
          expect(row.refs).toBe(row.with_ref);
        }
      });
    }
  }, 120_000); // 2,000 requests through bcrypt and the job queue: a loaded 2-core machine needs more than a minute.
});
