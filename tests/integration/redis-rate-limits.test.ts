/**
 * Rate limits with REDIS_URL set (lib/rate-limit/limiter.ts): the counters live in Redis, not in the
 * database, and hold across instances; with Redis really unreachable (a TCP proxy in front of it is
 * cut), the limits that guard a secret refuse with 503 while the rest of the app keeps serving, and
 * everything comes back by itself when Redis does. The same limits without Redis (Postgres store)
 * are tested by auth-rate-limits.test.ts.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { tempDir, withClient } from "../support/database";
import { type Api, api, newUser, randomIp, tokensFor } from "../support/http";
import { dropRedisPrefix, freshRedisPrefix, redisKeys, testRedisUrl } from "../support/redis";
import { type RunningServer, startServer } from "../support/server";
import { startTcpProxy, type TcpProxy } from "../support/tcp-proxy";
import { type SeededStorage, seededStorage } from "../support/storage";

const engine = inject("engine");
const TOKEN = "/api/v1/auth/token";
const CRON = "/api/v1/internal/jobs/run";
const CRON_SECRET = "the-cron-secret-of-the-redis-tests";

let proxy: TcpProxy;
let storage: SeededStorage | undefined;
let prefix: string;
let first: RunningServer;
let second: RunningServer | undefined;
let one: Api;

const signIn = (on: Api, login: string, password: string, ip = randomIp()) => on.post(TOKEN, { login, password }, { ip });

beforeAll(async () => {
  const redis = new URL(testRedisUrl());
  proxy = await startTcpProxy({ host: redis.hostname, port: Number(redis.port || 6379) });
  redis.hostname = "127.0.0.1";
  redis.port = String(proxy.port);
  prefix = freshRedisPrefix("limits");
  storage = await seededStorage(engine, "redis-limits");
  const env = {
    ...storage.env,
    REDIS_URL: redis.toString(),
    REDIS_KEY_PREFIX: prefix,
    RATE_LIMIT_LOGIN_FAILURES_PER_ACCOUNT: "3",
    CRON_SECRET,
  };
  first = await startServer({ env });
  one = api(first.url);
  // Two instances need a shared database: the embedded one belongs to a single process.
  if (engine === "postgres") second = await startServer({ env: { ...env, KEEL_DATA_DIR: tempDir("redis-limits-2") } });
});

afterAll(async () => {
  await Promise.all([first?.stop(), second?.stop()]);
  await proxy?.close();
  await storage?.drop();
  if (prefix) await dropRedisPrefix(prefix);
});

describe("rate limits in Redis", () => {
  it("counts failed sign-ins in Redis, not in the database, and refuses the 4th with 429", async () => {
    const user = await newUser(one);
    for (let i = 0; i < 3; i++) expect((await signIn(one, user.username, `wrong ${i}`)).status).toBe(401);
    const refused = await signIn(one, user.username, user.password);
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toMatch(/^[1-9][0-9]*$/);

    const keys = await redisKeys(prefix);
    expect(keys.some((key) => key.startsWith(`${prefix}rl:login-account:`))).toBe(true);
    expect(keys.some((key) => key.startsWith(`${prefix}rl:login-ip:`))).toBe(true);
    if (storage?.databaseUrl) {
      const rows = await withClient(storage.databaseUrl, (client) => client.query("SELECT count(*)::int AS n FROM rate_limits"));
      expect(rows.rows[0].n).toBe(0);
    }
  });

  it("counts wrong cron secrets in Redis, not in the database: the 11th call from one address is refused with 429", async () => {
    const ip = randomIp();
    const wrong = { ip, headers: { authorization: "Bearer not-the-cron-secret" } };
    for (let i = 0; i < 10; i++) expect((await one.get(CRON, wrong)).status).toBe(401);
    const refused = await one.get(CRON, { ip, headers: { authorization: `Bearer ${CRON_SECRET}` } });
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toMatch(/^[1-9][0-9]*$/);
    expect((await redisKeys(prefix)).some((key) => key.startsWith(`${prefix}rl:cron-ip:`))).toBe(true);
    if (storage?.databaseUrl) {
      const rows = await withClient(storage.databaseUrl, (client) => client.query("SELECT count(*)::int AS n FROM rate_limits WHERE key LIKE 'cron-ip%'"));
      expect(rows.rows[0].n).toBe(0);
    }
  });

  it.skipIf(engine !== "postgres")("holds across two instances: failures through either count together", async () => {
    const two = api(second!.url);
    const user = await newUser(one);
    expect((await signIn(one, user.username, "wrong a")).status).toBe(401);
    expect((await signIn(two, user.username, "wrong b")).status).toBe(401);
    expect((await signIn(one, user.username, "wrong c")).status).toBe(401);
    expect((await signIn(two, user.username, user.password)).status).toBe(429);
    expect((await signIn(one, user.username, user.password)).status).toBe(429);
  });
});

describe("Redis unreachable", () => {
  it("sign-in and token refresh fail closed with 503; registration, the profile and health keep serving; all heals when Redis returns", async () => {
    const user = await newUser(one);
    const tokens = await tokensFor(one, user);
    await proxy.cut();
    try {
      const signInRefused = await signIn(one, user.username, user.password);
      expect({ status: signInRefused.status, code: signInRefused.body?.error?.code }).toEqual({ status: 503, code: "unavailable" });
      // A wrong password is refused the same way: nothing is checked without its limit.
      expect((await signIn(one, user.username, "a wrong guess")).status).toBe(503);
      const refresh = await one.post("/api/v1/auth/refresh", { refreshToken: tokens.refreshToken });
      expect({ status: refresh.status, code: refresh.body?.error?.code }).toEqual({ status: 503, code: "unavailable" });

      // Limits that guard no secret count per instance meanwhile: the app keeps working.
      await newUser(one);
      expect((await one.get("/api/v1/profile", { token: tokens.accessToken })).status).toBe(200);
      expect((await one.get("/api/v1/health")).status).toBe(200);
      // Logged when the client's reconnect fails (its first retry is 100 ms after the cut), which
      // can be after the requests above have been answered.
      await expect.poll(() => first.output(), { timeout: 10_000 }).toContain("redis unreachable");
    } finally {
      await proxy.restore();
    }
    // The client reconnects by itself (backoff at most 2 s).
    const deadline = Date.now() + 15_000;
    let status = 0;
    while (Date.now() < deadline) {
      status = (await signIn(one, user.username, user.password)).status;
      if (status === 200) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(status).toBe(200);
  });

  it("the cron route fails closed: 503 while its limit cannot be counted, even with the right secret", async () => {
    const cron = { headers: { authorization: `Bearer ${CRON_SECRET}` } };
    await proxy.cut();
    try {
      const refused = await one.get(CRON, cron);
      expect({ status: refused.status, code: refused.body?.error?.code }).toEqual({ status: 503, code: "unavailable" });
      expect((await one.get(CRON, { headers: { authorization: "Bearer a wrong guess" } })).status).toBe(503);
    } finally {
      await proxy.restore();
    }
    const deadline = Date.now() + 15_000;
    let status = 0;
    while (Date.now() < deadline) {
      status = (await one.get(CRON, cron)).status;
      if (status === 200) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(status).toBe(200);
  });
});
