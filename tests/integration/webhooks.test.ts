/**
 * Webhooks over HTTP (API.md, "API keys and webhooks"): endpoints per user, deliveries signed per
 * Standard Webhooks and verified by a receiver on loopback with the `standardwebhooks` package,
 * retries with growing gaps (a shortened schedule), the delivery log, manual retry, secret rotation,
 * automatic disabling with an e-mail, and no delivery for a change that rolled back.
 *
 * The world (tests/support/admin.ts) runs with WEBHOOKS_ALLOW_PRIVATE_URLS=true, as development
 * does, so that the receiver may sit on loopback over http. The address checks of production are
 * tested against the run's shared server, which runs without it.
 */
import pg from "pg";
import { Webhook } from "standardwebhooks";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { type AdminWorld, startAdminWorld } from "../support/admin";
import { jobsSettled } from "../support/jobs";
import { expectError, isoTimestamp, placeOrders, signedIn, sql } from "../support/domain";
import { api } from "../support/http";
import { startWebhookReceiver, type WebhookReceiver } from "../support/webhook-receiver";

const engine = inject("engine");
const production = api(inject("baseUrl"));

let world: AdminWorld;
const receivers: WebhookReceiver[] = [];

beforeAll(async () => {
  world = await startAdminWorld(engine, {
    WEBHOOKS_ALLOW_PRIVATE_URLS: "true",
    WEBHOOK_RETRY_BASE_SECONDS: "2",
    WEBHOOK_RETRY_MAX_DELAY_SECONDS: "20",
    WEBHOOK_MAX_ATTEMPTS: "4",
    WEBHOOK_TIMEOUT_SECONDS: "1",
    JOB_POLL_INTERVAL_SECONDS: "0.5",
  });
});

afterAll(async () => {
  await Promise.all(receivers.map((receiver) => receiver.close()));
  await world?.close();
});

async function receiver(): Promise<WebhookReceiver> {
  const started = await startWebhookReceiver();
  receivers.push(started);
  return started;
}

const setStatus = (id: number, status: string, extra: Record<string, unknown> = {}) =>
  // A manual payment must say how it was paid (API.md, "Payments").
  world.client.post(`/api/v1/admin/orders/${id}/status`, { status, ...(status === "paid" ? { reason: "Cash (test)" } : {}), ...extra }, { token: world.adminTokens.accessToken });

async function register(token: string, url: string, events: string[]) {
  const response = await world.client.post("/api/v1/profile/webhooks", { url, events }, { token });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body as { webhook: { id: number }; secret: string };
}

async function deliveries(token: string, webhookId: number) {
  const response = await world.client.get(`/api/v1/profile/webhooks/${webhookId}/deliveries`, { token });
  expect(response.status).toBe(200);
  return response.body.items as {
    id: number;
    status: string;
    attempts: number;
    lastStatusCode?: number;
    lastResponseBody?: string;
    lastError?: string;
    event: string;
    attemptLog: { attempt: number; at: string; statusCode?: number; durationMs: number; error?: string; responseBody?: string }[];
  }[];
}

/**
 * Every queued delivery attempt has run (tests/support/jobs.ts): what follows can say "nothing more
 * arrived" without a pause that a loaded machine outlasts.
 */
const deliveriesSettled = () => jobsSettled(world.client, world.adminTokens.accessToken, "webhook-delivery");

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe("registering endpoints", () => {
  it("answers the webhook and a whsec_ secret once; lists, changes and removes it; another user's is not found", async () => {
    const { token } = await signedIn(world.client);
    const other = await signedIn(world.client);
    const created = await world.client.post("/api/v1/profile/webhooks", { url: "https://shop.example.com/keel", events: ["order.paid", "order.paid"] }, { token });
    // The world allows private URLs but not unresolvable names' checks: nothing is resolved then.
    expect(created.status).toBe(201);
    expect(created.body.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const webhook = created.body.webhook;
    expect(webhook).toEqual({ id: expect.any(Number), url: "https://shop.example.com/keel", events: ["order.paid"], enabled: true, createdAt: isoTimestamp });
    expect((await world.client.get("/api/v1/profile/webhooks", { token })).body.items).toEqual([webhook]);
    expect(JSON.stringify((await world.client.get("/api/v1/profile/webhooks", { token })).body)).not.toContain(created.body.secret);

    const changed = await world.client.patch(`/api/v1/profile/webhooks/${webhook.id}`, { events: ["order.shipped", "tracking.updated"], enabled: false }, { token });
    expect(changed.body.webhook).toMatchObject({ events: ["order.shipped", "tracking.updated"], enabled: false });

    for (const [method, path] of [
      ["GET", `/api/v1/profile/webhooks/${webhook.id}`],
      ["PATCH", `/api/v1/profile/webhooks/${webhook.id}`],
      ["DELETE", `/api/v1/profile/webhooks/${webhook.id}`],
      ["POST", `/api/v1/profile/webhooks/${webhook.id}/secret`],
      ["GET", `/api/v1/profile/webhooks/${webhook.id}/deliveries`],
      ["POST", `/api/v1/profile/webhooks/${webhook.id}/deliveries/1/retry`],
    ] as const) {
      expectError(await world.client.call(method, path, method === "PATCH" ? { enabled: true } : undefined, { token: other.token }), 404, "not_found");
    }
    for (const path of ["/api/v1/profile/webhooks/abc", "/api/v1/profile/webhooks/99999999999/deliveries", `/api/v1/profile/webhooks/${webhook.id}/deliveries/x/retry`]) {
      expectError(await world.client.call(path.endsWith("retry") ? "POST" : "GET", path, undefined, { token }), 404, "not_found");
    }
    expect((await world.client.delete(`/api/v1/profile/webhooks/${webhook.id}`, undefined, { token })).status).toBe(204);
    expect((await world.client.get("/api/v1/profile/webhooks", { token })).body.items).toEqual([]);
  });

  it("refuses bad input with 400", async () => {
    const { token } = await signedIn(world.client);
    for (const body of [
      {},
      { url: "https://a.example.com/", events: [] },
      { url: "https://a.example.com/", events: ["order.placed"] },
      { url: "not a url", events: ["order.paid"] },
      { url: "ftp://a.example.com/", events: ["order.paid"] },
      { url: "https://user:pw@a.example.com/", events: ["order.paid"] },
      { url: `https://a.example.com/${"x".repeat(2001)}`, events: ["order.paid"] },
      { url: "https://a.example.com/", events: ["order.paid"], secret: "whsec_mine" },
    ]) {
      expectError(await world.client.post("/api/v1/profile/webhooks", body, { token }), 400, "validation_failed", "any");
    }
  });
});

describe("deliveries", () => {
  let hooks: WebhookReceiver;

  afterEach(() => {
    if (hooks) hooks.answer = () => ({ status: 200, body: "ok" });
  });

  it("an order's lifecycle reaches a loopback receiver, signed per Standard Webhooks, verified with the standardwebhooks package", async () => {
    hooks = await receiver();
    const { token } = await signedIn(world.client);
    const { webhook, secret } = await register(token, hooks.url, ["order.paid", "order.shipped", "order.delivered", "order.cancelled"]);
    const [order, cancelled] = await placeOrders(world.client, token, 2);
    expect((await setStatus(order.id, "paid")).status).toBe(200);
    expect((await setStatus(order.id, "shipped", { trackingNumber: "TRACK-1" })).status).toBe(200);
    expect((await setStatus(order.id, "delivered")).status).toBe(200);
    expect((await world.client.post(`/api/v1/orders/${cancelled.id}/cancel`, undefined, { token })).status).toBe(200);
    // A repeat of the current status is a no-op: no event.
    expect((await setStatus(order.id, "delivered")).status).toBe(200);

    const received = await hooks.waitFor(4);
    await deliveriesSettled();
    expect(hooks.received).toHaveLength(4);
    const verifier = new Webhook(secret);
    const events = received.map((delivery) => {
      expect(delivery.headers["webhook-id"]).toMatch(/^msg_[0-9a-f]{32}$/);
      expect(delivery.headers["webhook-signature"]).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
      expect(Math.abs(Number(delivery.headers["webhook-timestamp"]) - Date.now() / 1000)).toBeLessThan(60);
      expect(delivery.headers["content-type"]).toBe("application/json");
      return verifier.verify(delivery.body, delivery.headers) as { type: string; timestamp: string; data: { order: { id: number; status: string } } };
    });
    expect(events.map((event) => event.type).sort()).toEqual(["order.cancelled", "order.delivered", "order.paid", "order.shipped"]);
    const paid = events.find((event) => event.type === "order.paid")!;
    expect(paid.timestamp).toEqual(isoTimestamp);
    expect(paid.data.order).toMatchObject({ id: order.id, status: "paid", totalCents: order.totalCents });
    expect(paid.data.order).not.toHaveProperty("userId");
    expect(events.find((event) => event.type === "order.cancelled")!.data.order).toMatchObject({ id: cancelled.id, status: "cancelled" });
    // A tampered body or another secret does not verify.
    expect(() => verifier.verify(received[0]!.body.replace("order", "ordex"), received[0]!.headers)).toThrow();
    expect(() => new Webhook(`whsec_${Buffer.alloc(32, 1).toString("base64")}`).verify(received[0]!.body, received[0]!.headers)).toThrow();

    const log = await until(() => deliveries(token, webhook.id), (items) => items.every((item) => item.status === "succeeded"));
    expect(log).toHaveLength(4);
    for (const item of log) {
      expect(item).toMatchObject({ status: "succeeded", attempts: 1, lastStatusCode: 200, lastResponseBody: "ok", createdAt: isoTimestamp });
      expect(item.attemptLog).toEqual([{ attempt: 1, at: isoTimestamp, statusCode: 200, durationMs: expect.any(Number), responseBody: "ok" }]);
    }
  });

  it("sends only the events an endpoint asked for, only to its owner's endpoints, and nothing to a disabled one", async () => {
    hooks = await receiver();
    const alice = await signedIn(world.client);
    const bob = await signedIn(world.client);
    await register(alice.token, hooks.url, ["order.shipped"]);
    const off = await register(alice.token, hooks.url, ["order.paid"]);
    await world.client.patch(`/api/v1/profile/webhooks/${off.webhook.id}`, { enabled: false }, { token: alice.token });
    await register(bob.token, hooks.url.replace("/hooks", "/bob"), ["order.paid"]);
    const [order] = await placeOrders(world.client, alice.token, 1);
    expect((await setStatus(order.id, "paid")).status).toBe(200);
    await deliveriesSettled();
    expect(hooks.received).toHaveLength(0);
  });

  it("a failing receiver gets retries with growing gaps, then the delivery fails, the webhook is disabled and its owner e-mailed; manual retry sends it again", async () => {
    hooks = await receiver();
    hooks.answer = () => ({ status: 503, body: "x".repeat(5_000) });
    const { user, token } = await signedIn(world.client);
    const { webhook } = await register(token, hooks.url, ["order.cancelled"]);
    const [order] = await placeOrders(world.client, token, 1);
    expect((await world.client.post(`/api/v1/orders/${order.id}/cancel`, undefined, { token })).status).toBe(200);

    const attempts = await hooks.waitFor(4, 40_000);
    const gaps = attempts.slice(1).map((attempt, i) => attempt.at - attempts[i]!.at);
    // Nominal 2 s, 4 s, 8 s with +-20% jitter, plus up to a poll interval each.
    expect(gaps[0]).toBeGreaterThan(1_000);
    expect(gaps[1]).toBeGreaterThan(gaps[0]!);
    expect(gaps[2]).toBeGreaterThan(gaps[1]!);
    expect(new Set(attempts.map((attempt) => attempt.headers["webhook-id"])).size).toBe(1);

    const [failed] = await until(() => deliveries(token, webhook.id), (items) => items[0]?.status === "failed");
    expect(failed).toMatchObject({ status: "failed", attempts: 4, lastStatusCode: 503 });
    expect(failed!.lastResponseBody!.length).toBeLessThanOrEqual(1024);
    expect(failed).not.toHaveProperty("nextAttemptAt");
    // The log has every attempt, not only the last: each with its status, timing and (truncated) answer,
    // at the times the receiver saw them.
    expect(failed!.attemptLog.map((attempt) => attempt.attempt)).toEqual([1, 2, 3, 4]);
    for (const attempt of failed!.attemptLog) {
      expect(attempt).toMatchObject({ statusCode: 503, at: isoTimestamp, durationMs: expect.any(Number) });
      expect(attempt.responseBody).toMatch(/^x+$/);
      expect(attempt.responseBody!.length).toBeLessThanOrEqual(1024);
      expect(attempt).not.toHaveProperty("error");
    }
    const sentAt = failed!.attemptLog.map((attempt) => Date.parse(attempt.at));
    sentAt.slice(1).forEach((at, i) => expect(Math.abs(at - sentAt[i]! - gaps[i]!)).toBeLessThan(1_000));
    const disabled = await until(() => world.client.get(`/api/v1/profile/webhooks/${webhook.id}`, { token }), (r) => r.body.webhook.enabled === false);
    expect(disabled.body.webhook.enabled).toBe(false);
    const mailed = await until(
      async () => world.server.output().split("\n").filter((line) => line.includes("A webhook of your Keel account was turned off")),
      (lines) => lines.length > 0,
    );
    expect(mailed.length).toBe(1);
    expect(mailed[0]).not.toContain(hooks.url);
    await deliveriesSettled();
    expect(hooks.received).toHaveLength(4);

    // Disabled: a retry is refused until the owner turns it on again.
    expectError(await world.client.post(`/api/v1/profile/webhooks/${webhook.id}/deliveries/${failed!.id}/retry`, undefined, { token }), 409, "conflict");
    hooks.answer = () => ({ status: 204 });
    expect((await world.client.patch(`/api/v1/profile/webhooks/${webhook.id}`, { enabled: true }, { token })).status).toBe(200);
    const retried = await world.client.post(`/api/v1/profile/webhooks/${webhook.id}/deliveries/${failed!.id}/retry`, undefined, { token });
    expect(retried.status).toBe(202);
    expect(retried.body).toEqual({});
    await hooks.waitFor(5);
    const [done] = await until(() => deliveries(token, webhook.id), (items) => items[0]?.status === "succeeded");
    expect(done).toMatchObject({ status: "succeeded", attempts: 5, lastStatusCode: 204 });
    expect(done!.attemptLog.map((attempt) => attempt.statusCode)).toEqual([503, 503, 503, 503, 204]);
    expect(hooks.received[4]!.headers["webhook-id"]).toBe(attempts[0]!.headers["webhook-id"]);
    expect(user.id).toBeGreaterThan(0);
  }, 60_000);

  it("a receiver that does not answer in time is a failed attempt (the worker does not wait for it)", async () => {
    hooks = await receiver();
    hooks.answer = () => "hang";
    const { token } = await signedIn(world.client);
    const { webhook } = await register(token, hooks.url, ["order.cancelled"]);
    const [order] = await placeOrders(world.client, token, 1);
    await world.client.post(`/api/v1/orders/${order.id}/cancel`, undefined, { token });
    const [item] = await until(() => deliveries(token, webhook.id), (items) => (items[0]?.attempts ?? 0) >= 1);
    expect(item).toMatchObject({ status: "pending", attempts: 1 });
    expect(item!.lastError).toMatch(/timed out/);
    expect(item).not.toHaveProperty("lastStatusCode");
    expect(item!.attemptLog[0]).toMatchObject({ attempt: 1, error: expect.stringMatching(/timed out/) });
    expect(item!.attemptLog[0]).not.toHaveProperty("statusCode");
    expect(item!.attemptLog[0]!.durationMs).toBeGreaterThanOrEqual(900);
    await world.client.delete(`/api/v1/profile/webhooks/${webhook.id}`, undefined, { token });
  });

  it("a rotated secret signs from then on; the old one no longer verifies", async () => {
    hooks = await receiver();
    const { token } = await signedIn(world.client);
    const { webhook, secret: old } = await register(token, hooks.url, ["order.cancelled"]);
    const rotated = await world.client.post(`/api/v1/profile/webhooks/${webhook.id}/secret`, undefined, { token });
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).not.toBe(old);
    const [order] = await placeOrders(world.client, token, 1);
    await world.client.post(`/api/v1/orders/${order.id}/cancel`, undefined, { token });
    const [delivery] = await hooks.waitFor(1);
    expect(new Webhook(rotated.body.secret).verify(delivery!.body, delivery!.headers)).toMatchObject({ type: "order.cancelled" });
    expect(() => new Webhook(old).verify(delivery!.body, delivery!.headers)).toThrow();
  });

  it("a change that rolls back sends nothing (a deferred trigger fails the commit after the event was queued)", async () => {
    hooks = await receiver();
    const { token } = await signedIn(world.client);
    const { webhook } = await register(token, hooks.url, ["order.paid"]);
    const [order] = await placeOrders(world.client, token, 1, { weightKg: 1, destination: "DE", reference: `rollback-${Date.now()}` });
    // The database refuses the first commit that changes this order, at COMMIT itself (a deferred
    // constraint trigger): after the transaction has queued the delivery and its job. The sequence
    // counts the refusals outside every transaction (nextval is not rolled back), so the second try
    // commits. On embedded the server stops for this (PGlite has one owner) and starts again.
    await world.withDatabase(async (db) => {
      await db.exec(`
        CREATE SEQUENCE keel_test_refusals;
        CREATE FUNCTION keel_test_refuse_commit() RETURNS trigger LANGUAGE plpgsql AS $$
          BEGIN IF nextval('keel_test_refusals') = 1 THEN RAISE EXCEPTION 'refused by the test'; END IF; RETURN NULL; END $$;
        CREATE CONSTRAINT TRIGGER keel_test_refuse_commit AFTER UPDATE ON orders DEFERRABLE INITIALLY DEFERRED
          FOR EACH ROW WHEN (NEW.id = ${Number(order.id)}) EXECUTE FUNCTION keel_test_refuse_commit();`);
    });
    const refused = await setStatus(order.id, "paid");
    expect(refused.status, JSON.stringify(refused.body)).toBeGreaterThanOrEqual(500);
    await deliveriesSettled();
    expect(hooks.received).toHaveLength(0);
    expect(await deliveries(token, webhook.id)).toEqual([]);
    expect((await world.client.get(`/api/v1/orders/${order.id}`, { token })).body.order.status).toBe("placed");
    // The same change committed: exactly one delivery.
    expect((await setStatus(order.id, "paid")).status).toBe(200);
    await hooks.waitFor(1);
    await deliveriesSettled();
    expect(hooks.received).toHaveLength(1);
    expect(await deliveries(token, webhook.id)).toHaveLength(1);
  });
});

describe("deleting an endpoint", () => {
  // Postgres only: the attempt's transaction is held open on a second connection, which the
  // embedded database (one connection) cannot have.
  it.runIf(engine === "postgres")("while an attempt is being recorded: waits for it, then deletes (no deadlock, no 500)", async () => {
    const hooks = await receiver();
    const { token } = await signedIn(world.client);
    const { webhook } = await register(token, hooks.url, ["order.cancelled"]);
    const [order] = await placeOrders(world.client, token, 1);
    expect((await world.client.post(`/api/v1/orders/${order.id}/cancel`, undefined, { token })).status).toBe(200);
    await hooks.waitFor(1);
    await deliveriesSettled();
    const [delivery] = await deliveries(token, webhook.id);
    if (!delivery) throw new Error("the cancellation made no delivery");
    const databaseUrl = world.databaseUrl as string;

    // What recording an attempt does (lib/webhooks/deliver.ts), held open between its two steps: the
    // delivery's row first, then the endpoint's. The delete arrives in between.
    const recorder = new pg.Client({ connectionString: databaseUrl });
    await recorder.connect();
    try {
      await recorder.query("BEGIN");
      await recorder.query("UPDATE webhook_deliveries SET attempts = attempts WHERE id = $1", [delivery.id]);
      const deleted = world.client.delete(`/api/v1/profile/webhooks/${webhook.id}`, undefined, { token });
      const waiting = await until(
        async () => (await sql<{ n: number }>(databaseUrl, "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"))?.[0]?.n ?? 0,
        (n) => n > 0,
      );
      expect(waiting, "the delete waits for the attempt's lock").toBe(1);
      // Before the fix the delete held the endpoint's row here, and this statement closed a deadlock
      // that Postgres broke by aborting the delete (it had waited longer): a 500.
      await recorder.query("UPDATE webhook_endpoints SET failing_since = failing_since WHERE id = $1", [webhook.id]);
      await recorder.query("COMMIT");
      const answer = await deleted;
      expect(answer.status, JSON.stringify(answer.body)).toBe(204);
    } finally {
      await recorder.end();
    }
    expect((await world.client.get(`/api/v1/profile/webhooks/${webhook.id}`, { token })).status).toBe(404);
    expect(await sql(databaseUrl, "SELECT id FROM webhook_deliveries WHERE id = $1", [delivery.id])).toEqual([]);
  });
});

describe("SSRF protection in production mode (the run's shared server: WEBHOOKS_ALLOW_PRIVATE_URLS unset)", () => {
  it.each([
    "http://hooks.example.com/keel",
    "https://127.0.0.1/hook",
    "https://127.1.2.3:8443/hook",
    "https://10.1.2.3/hook",
    "https://192.168.0.10/hook",
    "https://169.254.169.254/latest/meta-data/",
    "https://[::1]/hook",
    "https://[::ffff:127.0.0.1]/hook",
    "https://[fd00:ec2::254]/hook",
    "https://localhost/hook",
    "https://localhost.:8443/hook",
    "https://0.0.0.0/hook",
  ])("refuses %s with 400 on url", async (url) => {
    const { token } = await signedIn(production);
    const response = await production.post("/api/v1/profile/webhooks", { url, events: ["order.paid"] }, { token });
    expectError(response, 400, "validation_failed", ["url"]);
    expect((await production.get("/api/v1/profile/webhooks", { token })).body.items).toEqual([]);
  });

  it("refuses changing a webhook's URL to a private address too", async () => {
    const { token } = await signedIn(production);
    // No public name resolves on this offline machine: a URL the check cannot pass is the only kind
    // there is, so the PATCH path is checked against a hostname that resolves to loopback.
    const response = await production.patch("/api/v1/profile/webhooks/1", { url: "https://localhost/x" }, { token });
    expectError(response, 400, "validation_failed", ["url"]);
  });
});
