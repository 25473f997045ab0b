/**
 * Helpers for the tests of the profile, shipping, orders and administration API: signed-in users,
 * orders in bulk, the exact error shape, and "nothing changed" checks that read the state back
 * through the API and, on the postgres engine, straight from the database.
 */
import pg from "pg";
import { expect } from "vitest";
import { type Api, type ApiResponse, newUser, type TestUser, type Tokens, tokensFor } from "./http";

export interface SignedIn {
  user: TestUser;
  tokens: Tokens;
  token: string;
}

/** Registers a fresh user and signs them in for a token pair (two bcrypt operations, ~320 ms). */
export async function signedIn(client: Api, overrides: Partial<Omit<TestUser, "id">> = {}): Promise<SignedIn> {
  const user = await newUser(client, overrides);
  const tokens = await tokensFor(client, user);
  return { user, tokens, token: tokens.accessToken };
}

export interface OrderBody {
  weightKg: number;
  destination: string;
  reference?: string;
}

/** Places `count` orders one after another and returns them in the order they were created. */
export async function placeOrders(client: Api, token: string, count: number, body: OrderBody | Record<string, unknown> = { weightKg: 1, destination: "DE" }) {
  const orders = [];
  for (let i = 0; i < count; i++) {
    const response = await client.post("/api/v1/orders", body, { token });
    if (response.status !== 201) throw new Error(`order ${i + 1} failed: ${response.status} ${JSON.stringify(response.body)}`);
    orders.push(response.body.order);
  }
  return orders;
}

/** Every order of the caller, newest first, following nextCursor to the end. */
export async function allOrders(client: Api, token: string, limit = 100) {
  const items = [];
  let cursor: string | null = null;
  do {
    const query: string = `limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;
    const page = await client.get(`/api/v1/orders?${query}`, { token });
    expect(page.status).toBe(200);
    items.push(...page.body.items);
    cursor = page.body.nextCursor;
  } while (cursor);
  return items;
}

export async function orderCount(client: Api, token: string): Promise<number> {
  const response = await client.get("/api/v1/profile", { token });
  expect(response.status).toBe(200);
  return response.body.stats.orderCount;
}

/** What a timestamp in the API looks like (ISO 8601 UTC with milliseconds). */
export const isoTimestamp = expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);

/** The exact `user` object of the API for a test user. */
export function userDto(user: { id: number; username: string; email: string }, role: "USER" | "ADMIN" = "USER") {
  return { id: user.id, username: user.username, email: user.email.toLowerCase(), role, createdAt: isoTimestamp, emailVerified: false, hasPassword: true, twoFactorEnabled: false };
}

/**
 * Asserts the API's error shape exactly: `{ error: { code, message, fields? } }`. `fields` lists the
 * field names that must be reported (and no others), "any" accepts whatever fields are reported,
 * and leaving it out requires that no `fields` are present.
 */
export function expectError(response: ApiResponse, status: number, code: string, fields?: string[] | "any"): void {
  const messages = expect.arrayContaining([expect.any(String)]);
  const error =
    fields === "any"
      ? { code, message: expect.any(String), ...(response.body?.error?.fields ? { fields: expect.any(Object) } : {}) }
      : fields
        ? { code, message: expect.any(String), fields: Object.fromEntries(fields.map((field) => [field, messages])) }
        : { code, message: expect.any(String) };
  expect({ status: response.status, body: response.body }).toEqual({ status, body: { error } });
  expect(response.headers.get("content-type")).toContain("application/json");
  expect(response.headers.get("cache-control")).toBe("no-store");
}

/** The cookie pair (name=value) a response sets for the web session, or null when it sets none. */
export function sessionCookieFrom(response: ApiResponse): string | null {
  for (const line of response.headers.getSetCookie()) {
    const [pair] = line.split(";");
    if (pair && /^(__Secure-)?next-auth\.session-token=./.test(pair)) return pair;
  }
  return null;
}

// One small pool per database, reused by every check of a file. Idle connections close after a
// second and never keep the test process alive; a database dropped under them is not an error.
const pools = new Map<string, pg.Pool>();

function poolFor(url: string): pg.Pool {
  let pool = pools.get(url);
  if (!pool) {
    pool = new pg.Pool({ connectionString: url, max: 2, idleTimeoutMillis: 1_000, allowExitOnIdle: true });
    pool.on("error", () => undefined);
    pools.set(url, pool);
  }
  return pool;
}

/** Runs SQL on the run's database; only on the postgres engine (databaseUrl null: returns null). */
export async function sql<T = Record<string, unknown>>(databaseUrl: string | null, text: string, values: unknown[] = []): Promise<T[] | null> {
  if (!databaseUrl) return null;
  return (await poolFor(databaseUrl).query(text, values)).rows as T[];
}

/**
 * Everything a rejected request must leave untouched, for one user: their profile and order count
 * as the API reports them (with their own token, so a revoked session would show), and on postgres
 * the user's row (including the password hash and session version) and the row counts of users,
 * orders and refresh tokens in the whole database.
 */
export async function stateOf(client: Api, databaseUrl: string | null, who: { id: number; token: string }) {
  const profile = await client.get("/api/v1/profile", { token: who.token });
  const rows = await sql(
    databaseUrl,
    `SELECT u.id, u.username::text AS username, u.email::text AS email, u.role::text AS role, u.session_version,
            u.password_hash, u.updated_at,
            (SELECT count(*)::int FROM orders o WHERE o.user_id = u.id) AS orders,
            (SELECT count(*)::int FROM users) AS all_users,
            (SELECT count(*)::int FROM orders) AS all_orders,
            (SELECT count(*)::int FROM refresh_tokens) AS all_refresh_tokens
       FROM users u WHERE u.id = $1`,
    [who.id],
  );
  return { profile: { status: profile.status, body: profile.body }, rows };
}

/** An administrator moves each order to `status` (POST /api/v1/admin/orders/{id}/status), one after another. */
export async function setOrderStatus(client: Api, adminToken: string, orderIds: number[], status: string, trackingNumber?: string) {
  for (const id of orderIds) {
    const response = await client.post(`/api/v1/admin/orders/${id}/status`, { status, ...(trackingNumber ? { trackingNumber } : {}), ...(status === "paid" ? { reason: "Paid by bank transfer (test)" } : {}) }, { token: adminToken });
    if (response.status !== 200) throw new Error(`order ${id} -> ${status} failed: ${response.status} ${JSON.stringify(response.body)}`);
  }
}
