/**
 * Mobile and API sessions: POST /api/v1/auth/token, /refresh and /logout (OpenAPI document, Auth), with the
 * bearer token used on GET /api/v1/profile. Refresh tokens rotate, a spent one presented again
 * revokes its whole family, and sign-out ends exactly the sessions it names.
 */
import { describe, expect, inject, it } from "vitest";
import { expectNoSecrets, expectUnauthenticated, jwtPayload } from "../support/auth";
import { withClient } from "../support/database";
import { api, type ApiResponse, newUser, type TestUser, type Tokens, tokensFor } from "../support/http";

const baseUrl = inject("baseUrl");
const databaseUrl = inject("databaseUrl");
const client = api(baseUrl);

const TOKEN = "/api/v1/auth/token";
const REFRESH = "/api/v1/auth/refresh";
const LOGOUT = "/api/v1/auth/logout";
const PROFILE = "/api/v1/profile";
const THIRTY_DAYS = 30 * 24 * 60 * 60;
const INVALID_REFRESH = { error: { code: "unauthenticated", message: expect.any(String) } };

const profile = (token: string) => client.get(PROFILE, { token });
const refresh = (refreshToken: string) => client.post(REFRESH, { refreshToken });

/** The refresh token still works (and is spent by the check: the new pair is returned). */
async function refreshes(tokens: Tokens): Promise<Tokens> {
  const response = await refresh(tokens.refreshToken);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body;
}

function expectTokenResponse(response: ApiResponse, user: TestUser) {
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  expect(response.headers.get("cache-control")).toBe("no-store");
  expect(response.body).toEqual({
    accessToken: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/),
    tokenType: "Bearer",
    expiresIn: 900,
    refreshToken: expect.any(String),
    refreshExpiresIn: expect.any(Number),
    user: { id: user.id, username: user.username, email: user.email, role: "USER", createdAt: expect.any(String), emailVerified: false, hasPassword: true, twoFactorEnabled: false },
    // Sign-in (not refresh) also hands out a device token (issue 10; tests/integration/device-tokens.test.ts).
    ...("deviceToken" in response.body ? { deviceToken: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/) } : {}),
  });
  const { accessToken, refreshToken, refreshExpiresIn } = response.body;
  expect(refreshExpiresIn).toBeGreaterThanOrEqual(THIRTY_DAYS - 5);
  expect(refreshExpiresIn).toBeLessThanOrEqual(THIRTY_DAYS);
  expect(refreshToken.length).toBeGreaterThanOrEqual(32);
  expect(refreshToken).not.toBe(accessToken);
  // expiresIn says when the access token really expires.
  const { exp, iat } = jwtPayload(accessToken);
  expect(exp - iat).toBe(900);
  expect(Math.abs(exp - (Date.now() / 1000 + 900))).toBeLessThan(10);
  expectNoSecrets(response);
}

describe("POST /api/v1/auth/token", () => {
  it("signs in with the username or the email, in any case, and the bearer token opens the profile", async () => {
    const user = await newUser(client);
    const byName = await client.post(TOKEN, { login: user.username.toUpperCase(), password: user.password });
    expectTokenResponse(byName, user);
    const byEmail = await client.post(TOKEN, { login: `  ${user.email.toUpperCase()} `, password: user.password });
    expectTokenResponse(byEmail, user);
    expect(byEmail.body.accessToken).not.toBe(byName.body.accessToken);
    expect(byEmail.body.refreshToken).not.toBe(byName.body.refreshToken);

    const me = await profile(byName.body.accessToken);
    expect(me.status).toBe(200);
    expect(me.body).toEqual({ user: byName.body.user, stats: { orderCount: 0 } });
    expectNoSecrets(me);
    expect((await profile(byEmail.body.accessToken)).body).toEqual(me.body);
  });

  it("answers wrong credentials with 401 and no tokens", async () => {
    const user = await newUser(client);
    const response = await client.post(TOKEN, { login: user.username, password: `${user.password}!` });
    expectUnauthenticated(response, { error: { code: "unauthenticated", message: expect.any(String) } });
    expectNoSecrets(response);
  });

  it("validates the body before looking at credentials", async () => {
    const cases: [unknown, string[]][] = [
      [{ password: "whatever password" }, ["login"]],
      [{ login: "someone" }, ["password"]],
      [{ login: "", password: "" }, ["login", "password"]],
      [{ login: 42, password: ["x"] }, ["login", "password"]],
      [{ login: "someone", password: "p".repeat(513) }, ["password"]],
      [{ login: "x".repeat(10_000), password: "whatever password" }, ["login"]],
      [{ login: "someone", password: "whatever password", remember: true }, ["remember"]],
    ];
    for (const [body, fields] of cases) {
      const response = await client.post(TOKEN, body);
      expect(response.status, JSON.stringify(body).slice(0, 100)).toBe(400);
      expect(response.body.error.code).toBe("validation_failed");
      expect(Object.keys(response.body.error.fields).sort()).toEqual(fields.sort());
    }
    const form = await client.post(TOKEN, undefined, { raw: "login=a&password=b", contentType: "application/x-www-form-urlencoded" });
    expect(form.status).toBe(415);
    const broken = await client.post(TOKEN, undefined, { raw: '{"login":', contentType: "application/json" });
    expect(broken.status).toBe(400);
    expect(broken.body.error.code).toBe("invalid_json");
  });
});

describe("POST /api/v1/auth/refresh", () => {
  it("rotates: the new pair works, keeps the session and sign-in time, and the old refresh token is spent", async () => {
    const user = await newUser(client);
    const first = await tokensFor(client, user);
    const response = await refresh(first.refreshToken);
    expectTokenResponse(response, user);
    const second: Tokens = response.body;
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect((await profile(second.accessToken)).status).toBe(200);
    const [before, after] = [jwtPayload(first.accessToken), jwtPayload(second.accessToken)];
    expect(after.sid).toBe(before.sid);
    expect(after.auth_time).toBe(before.auth_time);

    const third = await refreshes(second);
    expect((await profile(third.accessToken)).status).toBe(200);

    // Spent: neither earlier refresh token can be used again.
    expectUnauthenticated(await refresh(second.refreshToken), INVALID_REFRESH);
    expectUnauthenticated(await refresh(first.refreshToken), INVALID_REFRESH);
  });

  it("treats a spent refresh token presented again as theft: 401, and the whole family is revoked", async () => {
    const user = await newUser(client);
    const otherDevice = await tokensFor(client, user);
    const first = await tokensFor(client, user);
    const second = await refreshes(first);
    const third = await refreshes(second);

    const reused = await refresh(first.refreshToken);
    expectUnauthenticated(reused, INVALID_REFRESH);

    // Everything of that family is dead: the newest refresh token and every access token.
    expectUnauthenticated(await refresh(third.refreshToken), INVALID_REFRESH);
    for (const token of [first.accessToken, second.accessToken, third.accessToken]) {
      expectUnauthenticated(await profile(token));
    }
    // Another device of the same user is a different family and keeps working.
    expect((await profile(otherDevice.accessToken)).status).toBe(200);
    expect((await profile((await refreshes(otherDevice)).accessToken)).status).toBe(200);
  });

  it("refuses anything that is not a live refresh token", async () => {
    const user = await newUser(client);
    const tokens = await tokensFor(client, user);
    for (const refreshToken of ["krt_not-a-real-token", tokens.accessToken.slice(0, 200), "x"]) {
      expectUnauthenticated(await refresh(refreshToken), INVALID_REFRESH);
    }
    const missing = await client.post(REFRESH, {});
    expect(missing.status).toBe(400);
    expect(Object.keys(missing.body.error.fields)).toEqual(["refreshToken"]);
    // None of that touched the real token.
    await refreshes(tokens);
  });
});

describe("POST /api/v1/auth/logout", () => {
  it("with the bearer: 204, that device's access and refresh tokens stop working, another device's do not", async () => {
    const user = await newUser(client);
    const phone = await tokensFor(client, user);
    const tablet = await tokensFor(client, user);

    const response = await client.post(LOGOUT, undefined, { token: phone.accessToken });
    expect(response.status).toBe(204);
    expect(response.body).toBe(null);
    expect(response.headers.get("set-cookie")).toBe(null);

    expectUnauthenticated(await profile(phone.accessToken));
    expectUnauthenticated(await refresh(phone.refreshToken), INVALID_REFRESH);
    expect((await profile(tablet.accessToken)).status).toBe(200);
    expect((await profile((await refreshes(tablet)).accessToken)).status).toBe(200);
    // Signing out again with the revoked token is refused like any other dead token.
    expectUnauthenticated(await client.post(LOGOUT, undefined, { token: phone.accessToken }));
  });

  it("with the bearer and its refresh token after a refresh: every token of the device stops working", async () => {
    const user = await newUser(client);
    const first = await tokensFor(client, user);
    const second = await refreshes(first);
    expect((await client.post(LOGOUT, { refreshToken: second.refreshToken }, { token: second.accessToken })).status).toBe(204);
    for (const token of [first.accessToken, second.accessToken]) expectUnauthenticated(await profile(token));
    expectUnauthenticated(await refresh(second.refreshToken), INVALID_REFRESH);
  });

  it("with only a refresh token (an app whose access token expired): 204 and that session ends", async () => {
    const user = await newUser(client);
    const phone = await tokensFor(client, user);
    const tablet = await tokensFor(client, user);

    expect((await client.post(LOGOUT, { refreshToken: phone.refreshToken })).status).toBe(204);
    expectUnauthenticated(await profile(phone.accessToken));
    expectUnauthenticated(await refresh(phone.refreshToken), INVALID_REFRESH);
    expect((await profile(tablet.accessToken)).status).toBe(200);
  });

  it("ignores another user's refresh token in the body: that user's session survives", async () => {
    const [me, victim] = [await newUser(client), await newUser(client)];
    const mine = await tokensFor(client, me);
    const theirs = await tokensFor(client, victim);

    expect((await client.post(LOGOUT, { refreshToken: theirs.refreshToken }, { token: mine.accessToken })).status).toBe(204);
    expectUnauthenticated(await profile(mine.accessToken));
    expect((await profile(theirs.accessToken)).status).toBe(200);
    const renewed = await refreshes(theirs);

    // Not even "every device" reaches across accounts.
    const mineAgain = await tokensFor(client, me);
    const everywhere = await client.post(LOGOUT, { refreshToken: renewed.refreshToken, allDevices: true }, { token: mineAgain.accessToken });
    expect(everywhere.status).toBe(204);
    expectUnauthenticated(await profile(mineAgain.accessToken));
    expect((await profile(renewed.accessToken)).status).toBe(200);
    await refreshes(renewed);
  });

  it("with only a live refresh token and allDevices: every session of the user ends", async () => {
    const user = await newUser(client);
    const phone = await tokensFor(client, user);
    const tablet = await tokensFor(client, user);
    expect((await client.post(LOGOUT, { refreshToken: phone.refreshToken, allDevices: true })).status).toBe(204);
    for (const tokens of [phone, tablet]) {
      expectUnauthenticated(await profile(tokens.accessToken));
      expectUnauthenticated(await refresh(tokens.refreshToken), INVALID_REFRESH);
    }
  });

  it("does not let a spent or revoked refresh token sign the user out everywhere", async () => {
    const user = await newUser(client);
    const old = await tokensFor(client, user);
    const current = await refreshes(old);
    const signedOut = await tokensFor(client, user);
    expect((await client.post(LOGOUT, undefined, { token: signedOut.accessToken })).status).toBe(204);
    const tablet = await tokensFor(client, user);

    // A spent token (say, from an old backup of the app) and the token of a device that signed out
    // are no longer credentials: they must not end the user's other, newer sessions.
    for (const refreshToken of [old.refreshToken, signedOut.refreshToken]) {
      expectUnauthenticated(await client.post(LOGOUT, { refreshToken, allDevices: true }), INVALID_REFRESH);
    }
    expect((await profile(tablet.accessToken)).status).toBe(200);
    expect((await profile(current.accessToken)).status).toBe(200);
    await refreshes(tablet);
  });

  it("without any credentials, or with an unknown refresh token, is 401", async () => {
    expectUnauthenticated(await client.post(LOGOUT));
    expectUnauthenticated(await client.post(LOGOUT, {}));
    expectUnauthenticated(await client.post(LOGOUT, { allDevices: true }));
    expectUnauthenticated(await client.post(LOGOUT, { refreshToken: "krt_unknown" }));
    const invalid = await client.post(LOGOUT, { allDevices: "yes" });
    expect(invalid.status).toBe(400);
    expect(Object.keys(invalid.body.error.fields)).toEqual(["allDevices"]);
  });
});

/**
 * Every rotation leaves a spent row behind (that is how reuse is detected), so issuing a token also
 * deletes the user's expired ones. Needs direct access to the database, so Postgres only.
 */
describe.runIf(databaseUrl !== null)("refresh-token housekeeping", () => {
  const DAY = 24 * 60 * 60 * 1000;
  const sql = (text: string, values: unknown[] = []) => withClient(databaseUrl!, (db) => db.query(text, values));
  const familyRows = async (familyId: string) =>
    (await sql("SELECT id, used_at FROM refresh_tokens WHERE family_id = $1 ORDER BY id", [familyId])).rows as {
      id: number;
      used_at: Date | null;
    }[];

  it("deletes the user's expired tokens when it issues one, keeping a live family's first token and sign-in time", async () => {
    const user = await newUser(client);
    const abandoned = await tokensFor(client, user);
    const a0 = await tokensFor(client, user);
    const a2 = await refreshes(await refreshes(a0));
    const [live, dead] = [jwtPayload(a0.accessToken).sid, jwtPayload(abandoned.accessToken).sid];
    const [first, second] = await familyRows(live);

    // As if 40 days had passed: the device signed in long ago and its first two tokens have expired,
    // and the abandoned device's only token has too.
    const signedInAt = new Date(Date.now() - 40 * DAY);
    await sql("UPDATE refresh_tokens SET created_at = $2, expires_at = $3 WHERE id = $1", [first!.id, signedInAt, new Date(Date.now() - 10 * DAY)]);
    await sql("UPDATE refresh_tokens SET expires_at = $2 WHERE id = $1", [second!.id, new Date(Date.now() - DAY)]);
    await sql("UPDATE refresh_tokens SET expires_at = $2 WHERE family_id = $1", [dead, new Date(Date.now() - DAY)]);

    const a3 = await refreshes(a2);
    expect(await familyRows(dead)).toEqual([]);
    const kept = await familyRows(live);
    expect(kept.map((row) => row.id)).not.toContain(second!.id);
    expect(kept.map((row) => [row.id === first!.id, row.used_at === null])).toEqual([
      [true, false], // the first token, spent and expired, kept: the family's sign-in time
      [false, false], // a2, just spent: reuse of it must still be detected
      [false, true], // a3, live
    ]);
    expect(jwtPayload(a3.accessToken).auth_time).toBe(Math.floor(signedInAt.getTime() / 1000));

    // Deleted or not, an expired token is refused, and a spent one is still recognised as reuse.
    expectUnauthenticated(await refresh(abandoned.refreshToken), INVALID_REFRESH);
    expectUnauthenticated(await refresh(a2.refreshToken), INVALID_REFRESH);
    expectUnauthenticated(await refresh(a3.refreshToken), INVALID_REFRESH);
  });
});
