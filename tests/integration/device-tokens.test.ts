/**
 * Sign-in limits that cannot lock out the owner (issue 10, defect 7): OWASP's device cookies.
 *
 * A client that signed in to an account before holds a device token for it (the web: an HttpOnly
 * cookie; apps: `deviceToken` in the token response, sent back with the next sign-in). With it, the
 * client is limited on its own; without it, clients share the account's untrusted bucket, which
 * backs off exponentially. Both halves are shown: an attacker's guesses are limited, and the owner's
 * known device signs in meanwhile. NIST's overall cap (at most 100 failures) is shown on a server
 * with a small cap.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { cookieHeader, csrf, parseSetCookies, withCharChanged } from "../support/auth";
import { type Api, api, type ApiResponse, newUser, randomIp, type TestUser } from "../support/http";
import { type RunningServer, startServer } from "../support/server";
import { type SeededStorage, seededStorage } from "../support/storage";

const baseUrl = inject("baseUrl");
const engine = inject("engine");
const client = api(baseUrl);

const TOKEN = "/api/v1/auth/token";

function expectRateLimited(response: ApiResponse, maxSeconds = 3600) {
  expect({ status: response.status, body: response.body }).toEqual({
    status: 429,
    body: { error: { code: "rate_limited", message: expect.any(String) } },
  });
  const retryAfter = Number(response.headers.get("retry-after"));
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(maxSeconds);
  return retryAfter;
}

const signIn = (on: Api, user: TestUser, password: string, deviceToken?: string) =>
  on.post(TOKEN, { login: user.username, password, ...(deviceToken === undefined ? {} : { deviceToken }) }, { ip: randomIp() });

async function deviceTokenOf(on: Api, user: TestUser): Promise<string> {
  const response = await signIn(on, user, user.password);
  expect(response.status).toBe(200);
  expect(response.body.deviceToken).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
  return response.body.deviceToken;
}

/** NextAuth's credentials sign-in from a browser that holds `deviceCookie` (or none). */
async function webSignIn(base: string, user: TestUser, password: string, deviceCookie?: [string, string]) {
  const ip = randomIp();
  const jar = new Map<string, string>(deviceCookie ? [deviceCookie] : []);
  const { csrfToken } = await csrf(base, { ip }, jar);
  const response = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookieHeader(jar), "x-forwarded-for": ip },
    body: new URLSearchParams({ csrfToken, login: user.username, password, json: "true" }),
    redirect: "manual",
  });
  const body = await response.json();
  const cookies = parseSetCookies(response.headers);
  return {
    session: cookies.find((c) => c.name.endsWith("next-auth.session-token") && c.value !== ""),
    device: cookies.find((c) => c.name.endsWith("keel.device")),
    error: new URL(body.url, base).searchParams.get("error"),
  };
}

describe("device tokens", () => {
  it("are issued on every successful sign-in: to apps in the token response, to browsers as an HttpOnly cookie for NextAuth's routes only", async () => {
    const user = await newUser(client);
    const first = await deviceTokenOf(client, user);
    expect(await deviceTokenOf(client, user)).not.toBe(first);
    // Refreshing is not signing in: no device token there.
    const tokens = (await signIn(client, user, user.password)).body;
    const refreshed = await client.post("/api/v1/auth/refresh", { refreshToken: tokens.refreshToken });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.deviceToken).toBeUndefined();

    const web = await webSignIn(baseUrl, user, user.password);
    expect(web.session).toBeDefined();
    expect(web.device?.value).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(Object.fromEntries(web.device!.attributes)).toMatchObject({ httponly: "", path: "/api/auth", samesite: "Strict" });
    expect(Number(web.device!.attributes.get("max-age"))).toBeGreaterThan(30 * 24 * 3600);
    // A failed sign-in gives no device token.
    const failed = await webSignIn(baseUrl, user, "not the password at all");
    expect(failed.session).toBeUndefined();
    expect(failed.device).toBeUndefined();
    expect((await signIn(client, user, "not the password either")).body.deviceToken).toBeUndefined();
  });

  it("lockout, both halves: an attacker's guesses are limited, while the owner's known devices sign in", async () => {
    const owner = await newUser(client);
    const phone = await deviceTokenOf(client, owner);
    const browser = await webSignIn(baseUrl, owner, owner.password);
    const browserCookie: [string, string] = [browser.device!.name, browser.device!.value];

    // The attacker: 10 free guesses from many addresses, then 30 at once. Only the 10 reach bcrypt.
    for (let i = 0; i < 10; i++) expect((await signIn(client, owner, `guess number ${i}`)).status, `guess ${i + 1}`).toBe(401);
    const burst = await Promise.all(Array.from({ length: 30 }, (_, i) => signIn(client, owner, `burst guess ${i}`)));
    expect(burst.map((r) => r.status)).toEqual(Array(30).fill(429));
    // Even the right password from a client without a device token waits now...
    expectRateLimited(await signIn(client, owner, owner.password));
    expect((await webSignIn(baseUrl, owner, owner.password)).error).toMatch(/^rate_limited:[1-9][0-9]*$/);

    // ...but the owner's phone and browser, which signed in before, are not held back.
    const onPhone = await signIn(client, owner, owner.password, phone);
    expect(onPhone.status).toBe(200);
    expect(onPhone.body.user.id).toBe(owner.id);
    const inBrowser = await webSignIn(baseUrl, owner, owner.password, browserCookie);
    expect(inBrowser.session).toBeDefined();
    expect(inBrowser.error).toBeNull();

    // The owner signing in does not hand the attacker new free guesses.
    expectRateLimited(await signIn(client, owner, `guess after the owner`));
  });

  it("a device that keeps failing waits alone: 5 failures, then that device is refused; the owner's other devices are not", async () => {
    const owner = await newUser(client);
    const [stolen, other] = [await deviceTokenOf(client, owner), await deviceTokenOf(client, owner)];
    for (let i = 0; i < 5; i++) expect((await signIn(client, owner, `device guess ${i}`, stolen)).status, `guess ${i + 1}`).toBe(401);
    expectRateLimited(await signIn(client, owner, owner.password, stolen), 900);
    expect((await signIn(client, owner, owner.password, other)).status).toBe(200);
    // The device's failures did not touch the untrusted bucket either.
    expect((await signIn(client, owner, owner.password)).status).toBe(200);
  });

  it("a token is trusted only for the account it names, and only as issued", async () => {
    const [owner, someoneElse] = [await newUser(client), await newUser(client)];
    const foreign = await deviceTokenOf(client, someoneElse);
    const own = await deviceTokenOf(client, owner);
    for (let i = 0; i < 10; i++) expect((await signIn(client, owner, `guess ${i}`)).status).toBe(401);
    // Someone else's token, a tampered one, a made-up one: all untrusted, so all wait.
    for (const token of [foreign, withCharChanged(own, 1), withCharChanged(own, 2), "not-a-token", ""]) {
      expectRateLimited(await signIn(client, owner, owner.password, token));
    }
    expect((await signIn(client, owner, owner.password, own)).status).toBe(200);
    // A device token that is no string, or absurdly long, is a 400 like any bad field.
    for (const deviceToken of [1, null, {}, "x".repeat(1025)]) {
      const response = await client.post(TOKEN, { login: owner.username, password: owner.password, deviceToken });
      expect(response.status).toBe(400);
      expect(response.body.error.fields).toHaveProperty("deviceToken");
    }
  });
});

/** Small limits, so backoff and the overall cap show in a few requests. */
describe("backoff and the overall cap (a server with 2 free failures, 1 s first wait, 3 per device, cap 6)", () => {
  let server: RunningServer;
  let tight: Api;
  let storage: SeededStorage | undefined;

  beforeAll(async () => {
    storage = await seededStorage(engine, "device");
    server = await startServer({
      env: {
        ...storage.env,
        RATE_LIMIT_LOGIN_FAILURES_PER_ACCOUNT: "2",
        RATE_LIMIT_LOGIN_BACKOFF_SECONDS: "1",
        RATE_LIMIT_LOGIN_FAILURES_PER_DEVICE: "3",
        RATE_LIMIT_LOGIN_FAILURES_CAP: "6",
      },
    });
    tight = api(server.url);
  });

  afterAll(async () => {
    await server?.stop();
    await storage?.drop();
  });

  const sleep = (seconds: number) => new Promise((resolve) => setTimeout(resolve, seconds * 1000 + 150));

  it("untrusted clients wait 1 s, then 2 s, then 4 s: each failure doubles the wait instead of a flat wall", async () => {
    const target = await newUser(tight);
    for (let i = 0; i < 2; i++) expect((await signIn(tight, target, `free guess ${i}`)).status).toBe(401);
    const waits: number[] = [];
    for (let step = 0; step < 3; step++) {
      const wait = expectRateLimited(await signIn(tight, target, target.password));
      waits.push(wait);
      await sleep(wait);
      expect((await signIn(tight, target, `guess after waiting ${step}`)).status, `after wait ${step + 1}`).toBe(401);
    }
    expect(waits).toEqual([1, 2, 4]);
    // Once the wait has passed, the right password works and the count starts over.
    await sleep(8);
    expect((await signIn(tight, target, target.password)).status).toBe(200);
    for (let i = 0; i < 2; i++) expect((await signIn(tight, target, `fresh guess ${i}`)).status).toBe(401);
  });

  it("no more than 6 failures in all (NIST's cap, 100 by default): then even a known device is refused", async () => {
    const owner = await newUser(tight);
    const [first, second, third] = [await deviceTokenOf(tight, owner), await deviceTokenOf(tight, owner), await deviceTokenOf(tight, owner)];
    for (let i = 0; i < 3; i++) expect((await signIn(tight, owner, `first device ${i}`, first)).status).toBe(401);
    for (let i = 0; i < 2; i++) expect((await signIn(tight, owner, `untrusted ${i}`)).status).toBe(401);
    expect((await signIn(tight, owner, "second device", second)).status).toBe(401);
    // Six failures: the third device, which never failed, is refused too, until the day's window passes.
    expectRateLimited(await signIn(tight, owner, owner.password, third), 24 * 3600);
    expectRateLimited(await signIn(tight, owner, owner.password), 24 * 3600);
  });
});
