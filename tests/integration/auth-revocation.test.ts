/**
 * Stateless sessions that can still be revoked at once: after "sign out everywhere" every earlier
 * access token, refresh token and web cookie of the user is rejected on the very next request, and
 * a revoked session stays revoked for as long as any of its tokens could otherwise be accepted.
 */
import { describe, expect, inject, it } from "vitest";
import { expectUnauthenticated, jwtPayload, webSignInAttempt, webSignOut } from "../support/auth";
import { withClient } from "../support/database";
import { api, newUser, type TestUser, type Tokens, tokensFor } from "../support/http";

const baseUrl = inject("baseUrl");
const databaseUrl = inject("databaseUrl");
const client = api(baseUrl);
const ownOrigin = new URL(baseUrl).origin;
const PROFILE = "/api/v1/profile";
const LOGOUT = "/api/v1/auth/logout";
const REFRESH = "/api/v1/auth/refresh";
/** How far past `exp` the server still accepts a token (clock skew between instances; lib/auth/tokens/tokens.ts). */
const CLOCK_TOLERANCE_SECONDS = 5;

async function webCookie(user: TestUser): Promise<string> {
  const attempt = await webSignInAttempt(baseUrl, user.username, user.password);
  expect(attempt.cookie, JSON.stringify(attempt.body)).toBeDefined();
  return attempt.cookie!;
}

async function refreshed(tokens: Tokens): Promise<Tokens> {
  const response = await client.post(REFRESH, { refreshToken: tokens.refreshToken });
  expect(response.status).toBe(200);
  return response.body;
}

/** Every credential a user holds across devices: two phones (one refreshed), two browsers. */
async function everything(user: TestUser) {
  const phone = await tokensFor(client, user);
  const tabletFirst = await tokensFor(client, user);
  const tablet = await refreshed(tabletFirst);
  const browsers = [await webCookie(user), await webCookie(user)];
  return { phone, tabletFirst, tablet, browsers };
}

async function expectAllRejected(held: Awaited<ReturnType<typeof everything>>) {
  for (const token of [held.phone.accessToken, held.tabletFirst.accessToken, held.tablet.accessToken]) {
    expectUnauthenticated(await client.get(PROFILE, { token }));
  }
  for (const refreshToken of [held.phone.refreshToken, held.tablet.refreshToken]) {
    const response = await client.post(REFRESH, { refreshToken });
    expect(response.status).toBe(401);
    expect(response.body.error.code).toBe("unauthenticated");
  }
  for (const cookie of held.browsers) {
    expectUnauthenticated(await client.get(PROFILE, { cookie }));
    const session = await fetch(`${baseUrl}/api/auth/session`, { headers: { cookie } });
    expect(await session.json()).toEqual({});
  }
}

async function expectCanSignInAgain(user: TestUser) {
  const tokens = await tokensFor(client, user);
  expect((await client.get(PROFILE, { token: tokens.accessToken })).status).toBe(200);
  expect((await client.get(PROFILE, { cookie: await webCookie(user) })).status).toBe(200);
}

describe("sign out everywhere", () => {
  it("from a phone (bearer): every access token, refresh token and web cookie is rejected on the next request", async () => {
    const user = await newUser(client);
    const held = await everything(user);
    const bystander = await tokensFor(client, await newUser(client));

    const response = await client.post(LOGOUT, { allDevices: true }, { token: held.phone.accessToken });
    expect(response.status).toBe(204);

    await expectAllRejected(held);
    expect((await client.get(PROFILE, { token: bystander.accessToken })).status).toBe(200);
    await expectCanSignInAgain(user);
  });

  it("from a browser (cookie, own origin): the mobile tokens die as well", async () => {
    const user = await newUser(client);
    const held = await everything(user);

    const response = await client.post(LOGOUT, { allDevices: true }, { cookie: held.browsers[0], origin: ownOrigin });
    expect(response.status).toBe(204);

    await expectAllRejected(held);
    await expectCanSignInAgain(user);
  });

  // Revocation by password change and by account deletion: tests/integration/profile.test.ts.

  it("a sign-in with the old password that races a password change never yields a session that outlives it", async () => {
    // The sign-in checks the password (bcrypt) while the change commits; whatever it answers, its
    // tokens must not work once the change is done. Sign-ins start at staggered moments so that some
    // finish before the change, some during it and some after: the test server's bcrypt is cheap
    // (cost 4, a few ms; tests/support/server.ts), so the change takes milliseconds too.
    let user = await newUser(client);
    for (let round = 0; round < 4; round++) {
      const caller = await tokensFor(client, user);
      const newPassword = `the next long passphrase ${round}`;
      const change = client.post("/api/v1/profile/password", { currentPassword: user.password, newPassword }, { token: caller.accessToken });
      const racers = await Promise.all(
        [0, 3, 8, 20].map(async (delay) => {
          await new Promise((resolve) => setTimeout(resolve, delay));
          return client.post("/api/v1/auth/token", { login: user.username, password: user.password });
        }),
      );
      expect((await change).status).toBe(204);
      for (const racer of racers) {
        expect([200, 401, 429]).toContain(racer.status);
        if (racer.status !== 200) continue;
        await expectUnauthenticated(await client.get(PROFILE, { token: racer.body.accessToken }));
        expect((await client.post(REFRESH, { refreshToken: racer.body.refreshToken })).status).toBe(401);
      }
      user = { ...user, password: newPassword };
    }
  });

  it("a login holding a NUL character is refused with a 400, never a 500", async () => {
    const response = await client.post("/api/v1/auth/token", { login: "a\u0000b", password: "whatever it is" });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe("validation_failed");
  });
});

/**
 * A signed-out session's id stays on the revoked list until its tokens have expired; after that the
 * entry is purged. The entry must therefore outlive every token of the session, including one issued
 * by a later refresh than the token that signed out, plus the tolerance the verifier allows past
 * `exp`; otherwise that token is honoured again once the entry is purged.
 */
describe.runIf(databaseUrl !== null)("revoked sessions stay revoked while any of their tokens could be accepted", () => {
  const revokedUntil = (sessionId: string) =>
    withClient(databaseUrl!, async (db) => {
      const result = await db.query<{ expires_at: Date }>("SELECT expires_at FROM revoked_sessions WHERE session_id = $1", [sessionId]);
      expect(result.rows).toHaveLength(1);
      return result.rows[0]!.expires_at.getTime() / 1000;
    });

  /** Waits for the clock's next whole second, so a token issued now expires later than one issued before. */
  const nextSecond = async () => {
    const second = Math.floor(Date.now() / 1000);
    while (Math.floor(Date.now() / 1000) === second) await new Promise((resolve) => setTimeout(resolve, 25));
  };

  it("when a device signs out with an older access token than its newest one", async () => {
    const user = await newUser(client);
    const first = await tokensFor(client, user);
    await nextSecond();
    const second = await refreshed(first);
    expect(jwtPayload(second.accessToken).exp).toBeGreaterThan(jwtPayload(first.accessToken).exp);

    expect((await client.post(LOGOUT, undefined, { token: first.accessToken })).status).toBe(204);
    expectUnauthenticated(await client.get(PROFILE, { token: second.accessToken }));
    const { sid, exp } = jwtPayload(second.accessToken);
    expect(await revokedUntil(sid)).toBeGreaterThanOrEqual(exp + CLOCK_TOLERANCE_SECONDS);
  });

  it("when a device signs out with its refresh token only, or a spent refresh token is reused", async () => {
    const user = await newUser(client);
    const loggedOut = await tokensFor(client, user);
    expect((await client.post(LOGOUT, { refreshToken: loggedOut.refreshToken })).status).toBe(204);
    const a = jwtPayload(loggedOut.accessToken);
    expect(await revokedUntil(a.sid)).toBeGreaterThanOrEqual(a.exp + CLOCK_TOLERANCE_SECONDS);

    const stolen = await tokensFor(client, user);
    await nextSecond();
    const renewed = await refreshed(stolen);
    expect((await client.post(REFRESH, { refreshToken: stolen.refreshToken })).status).toBe(401);
    const b = jwtPayload(renewed.accessToken);
    expect(await revokedUntil(b.sid)).toBeGreaterThanOrEqual(b.exp + CLOCK_TOLERANCE_SECONDS);
  });

  it("when a browser signs out through NextAuth", async () => {
    const user = await newUser(client);
    const cookie = await webCookie(user);
    expect((await webSignOut(baseUrl, cookie)).status).toBe(200);
    const { sid, exp } = jwtPayload(cookie.slice(cookie.indexOf("=") + 1));
    expect(await revokedUntil(sid)).toBeGreaterThanOrEqual(exp + CLOCK_TOLERANCE_SECONDS);
  });
});
