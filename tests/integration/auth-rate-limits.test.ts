/**
 * Rate limits on the credential endpoints (429 rate_limited with Retry-After): failed sign-ins per
 * account and per client IP, registrations per IP, token refreshes per IP. They live in the
 * database, so several server instances share them (proved on Postgres with a second server).
 */
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { webSignInAttempt } from "../support/auth";
import { tempDir } from "../support/database";
import { engineServerEnv } from "../support/engine";
import { type Api, api, type ApiResponse, newUser, randomIp, type TestUser, tokensFor, uniqueName } from "../support/http";
import { type RunningServer, startServer } from "../support/server";
import { type SeededStorage, seededStorage } from "../support/storage";

const baseUrl = inject("baseUrl");
const engine = inject("engine");
const databaseUrl = inject("databaseUrl");
const client = api(baseUrl);

const TOKEN = "/api/v1/auth/token";
const REGISTER = "/api/v1/auth/register";
const REFRESH = "/api/v1/auth/refresh";
const PROFILE = "/api/v1/profile";

/** 429 rate_limited with a Retry-After of whole seconds, at most `maxSeconds`. */
function expectRateLimited(response: ApiResponse, maxSeconds: number) {
  expect({ status: response.status, body: response.body }).toEqual({
    status: 429,
    body: { error: { code: "rate_limited", message: expect.any(String) } },
  });
  const retryAfter = response.headers.get("retry-after");
  expect(retryAfter).toMatch(/^[1-9][0-9]*$/);
  expect(Number(retryAfter)).toBeLessThanOrEqual(maxSeconds);
  expect(response.headers.get("cache-control")).toBe("no-store");
}

const signIn = (on: Api, login: string, password: string, ip = randomIp()) => on.post(TOKEN, { login, password }, { ip });

async function failSignIns(on: Api, login: string, count: number) {
  for (let i = 0; i < count; i++) {
    const response = await signIn(on, login, `wrong password number ${i}`);
    expect(response.status, `failure ${i + 1}`).toBe(401);
  }
}

/** The web sign-in was refused because of the rate limit: no session, and the error says so. */
function expectWebRateLimited(attempt: Awaited<ReturnType<typeof webSignInAttempt>>) {
  expect(attempt.session).toBeUndefined();
  expect(attempt.status).toBe(401);
  const error = new URL(attempt.body.url).searchParams.get("error");
  expect(error).toMatch(/^rate_limited:[1-9][0-9]*$/);
}

describe("failed sign-ins per account (default 10 in 15 minutes)", () => {
  it("after 10 failures from different IPs the 11th attempt is 429 even with the right password, on the API and the web", async () => {
    const [target, bystander] = [await newUser(client), await newUser(client)];
    await failSignIns(client, target.username, 10);

    expectRateLimited(await signIn(client, target.username, target.password), 900);
    // The account is locked whichever name is used for it.
    expectRateLimited(await signIn(client, target.email, target.password), 900);
    expectWebRateLimited(await webSignInAttempt(baseUrl, target.username, target.password));

    expect((await signIn(client, bystander.username, bystander.password)).status).toBe(200);
  });

  it("holds under concurrency: of 30 simultaneous wrong guesses at one account exactly 10 are checked, the rest are 429", async () => {
    const target = await newUser(client);
    const responses = await Promise.all(
      Array.from({ length: 30 }, (_, i) => signIn(client, target.username, `concurrent wrong guess ${i}`)),
    );
    const statuses = responses.map((response) => response.status).sort();
    expect(statuses).toEqual([...Array(10).fill(401), ...Array(20).fill(429)]);
    for (const response of responses.filter((r) => r.status === 429)) expectRateLimited(response, 900);
    // The refused attempts did not count: the lock is the 10 failures', no more.
    expectRateLimited(await signIn(client, target.username, target.password), 900);
  });

  it("counts failures of the web sign-in and of both login forms together", async () => {
    const target = await newUser(client);
    for (let i = 0; i < 10; i++) {
      const login = i % 2 ? target.username.toUpperCase() : target.email;
      const attempt = await webSignInAttempt(baseUrl, login, `wrong password number ${i}`);
      expect(attempt.status, `failure ${i + 1}`).toBe(401);
      expect(attempt.session).toBeUndefined();
    }
    expectWebRateLimited(await webSignInAttempt(baseUrl, target.username, target.password));
    expectRateLimited(await signIn(client, target.username, target.password), 900);
  });
});

describe("registrations per IP (default 20 per hour)", () => {
  it("refuses the 21st attempt from one IP with 429, creating nothing; other IPs are unaffected", async () => {
    const ip = randomIp();
    // Invalid bodies are refused before the limit is consulted and do not count.
    for (let i = 0; i < 3; i++) expect((await client.post(REGISTER, { username: "x" }, { ip })).status).toBe(400);

    const password = `a long and unusual passphrase ${uniqueName("pw")}`;
    const register = (body: object) => client.post(REGISTER, body, { ip });
    const existing = { username: uniqueName("rl"), email: `${uniqueName("rl")}@example.com`, password };
    expect((await register(existing)).status).toBe(201);
    // Attempts count, not only successes, so probing for taken names through 409s is bounded too.
    for (let i = 2; i <= 20; i++) {
      const response = await register({ ...existing, email: `${uniqueName("rl")}@example.com` });
      expect(response.status, `attempt ${i}`).toBe(409);
    }
    const fresh = { username: uniqueName("rl"), email: `${uniqueName("rl")}@example.com`, password };
    expectRateLimited(await register(fresh), 3600);

    const elsewhere = await client.post(REGISTER, fresh, { ip: randomIp() });
    expect(elsewhere.status).toBe(201);
  });
});

/** A server of its own with small limits, so per-IP limits can be reached in a few requests. */
describe("per-IP limits (a server with RATE_LIMIT_*_PER_IP=4 and 3 failures per account)", () => {
  let server: RunningServer;
  let tight: Api;
  let user: TestUser;
  let storage: SeededStorage | undefined;

  beforeAll(async () => {
    storage = await seededStorage(engine, "limits");
    server = await startServer({
      env: {
        ...storage.env,
        RATE_LIMIT_REFRESHES_PER_IP: "4",
        RATE_LIMIT_LOGIN_FAILURES_PER_IP: "4",
        RATE_LIMIT_LOGIN_FAILURES_PER_ACCOUNT: "3",
      },
    });
    tight = api(server.url);
    user = await newUser(tight);
  });

  afterAll(async () => {
    await server?.stop();
    await storage?.drop();
  });

  it("refuses the 5th refresh from one IP with 429 without spending the token; another IP may use it", async () => {
    const ip = randomIp();
    let tokens = await tokensFor(tight, user);
    for (let i = 0; i < 4; i++) {
      const response = await tight.post(REFRESH, { refreshToken: tokens.refreshToken }, { ip });
      expect(response.status, `refresh ${i + 1}`).toBe(200);
      tokens = response.body;
    }
    expectRateLimited(await tight.post(REFRESH, { refreshToken: tokens.refreshToken }, { ip }), 900);

    const elsewhere = await tight.post(REFRESH, { refreshToken: tokens.refreshToken }, { ip: randomIp() });
    expect(elsewhere.status).toBe(200);
    expect((await tight.get(PROFILE, { token: elsewhere.body.accessToken })).status).toBe(200);
  });

  it("refuses sign-in from an IP with 4 failures (on any accounts), even with the right password; other IPs sign in", async () => {
    const ip = randomIp();
    for (let i = 0; i < 4; i++) {
      expect((await signIn(tight, uniqueName("nobody"), "some wrong password", ip)).status).toBe(401);
    }
    expectRateLimited(await signIn(tight, user.username, user.password, ip), 900);
    expectWebRateLimited(await webSignInAttempt(server.url, user.username, user.password, { ip }));
    expect((await signIn(tight, user.username, user.password)).status).toBe(200);
  });

  it("forgets an account's failures after a successful sign-in", async () => {
    const target = await newUser(tight);
    for (let round = 0; round < 2; round++) {
      await failSignIns(tight, target.username, 2);
      expect((await signIn(tight, target.username, target.password)).status, `round ${round + 1}`).toBe(200);
    }
    await failSignIns(tight, target.username, 3);
    expectRateLimited(await signIn(tight, target.username, target.password), 900);
  });
});

describe.runIf(engine === "postgres")("two servers on one database (Postgres)", () => {
  let second: RunningServer;
  let other: Api;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = tempDir("second");
    second = await startServer({ env: engineServerEnv("postgres", { dataDir, databaseUrl: databaseUrl! }) });
    other = api(second.url);
  });

  afterAll(async () => {
    await second?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("accept each other's access and refresh tokens, and a sign-out on one holds on the other", async () => {
    const user = await newUser(client);
    const tokens = await tokensFor(client, user);
    const there = await other.get(PROFILE, { token: tokens.accessToken });
    expect(there.status).toBe(200);
    expect(there.body.user.id).toBe(user.id);

    const refreshed = await other.post(REFRESH, { refreshToken: tokens.refreshToken });
    expect(refreshed.status).toBe(200);
    expect((await client.get(PROFILE, { token: refreshed.body.accessToken })).status).toBe(200);
    // The spent token is spent everywhere.
    expect((await client.post(REFRESH, { refreshToken: tokens.refreshToken })).status).toBe(401);

    const again = await tokensFor(client, user);
    expect((await other.post("/api/v1/auth/logout", undefined, { token: again.accessToken })).status).toBe(204);
    expect((await client.get(PROFILE, { token: again.accessToken })).status).toBe(401);
  });

  it("let no more than 10 of 30 simultaneous wrong guesses, split between them, reach the password check", async () => {
    const target = await newUser(client);
    const responses = await Promise.all(
      Array.from({ length: 30 }, (_, i) => signIn(i % 2 ? other : client, target.username, `split wrong guess ${i}`)),
    );
    const statuses = responses.map((response) => response.status).sort();
    expect(statuses).toEqual([...Array(10).fill(401), ...Array(20).fill(429)]);
  });

  it("count an account's failed sign-ins together: 5 on each, then the 11th on either is 429", async () => {
    const target = await newUser(client);
    await failSignIns(client, target.username, 5);
    await failSignIns(other, target.username, 5);
    expectRateLimited(await signIn(other, target.username, target.password), 900);
    expectRateLimited(await signIn(client, target.username, target.password), 900);
  });
});
