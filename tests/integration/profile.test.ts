/**
 * The signed-in user's own account over HTTP (OpenAPI document, Profile): reading it, changing the username
 * and email, changing the password (which signs out every session, the caller's included) and
 * deleting the account (tokens, cookies and orders gone at once).
 */
import { randomBytes } from "node:crypto";
import { describe, expect, inject, it } from "vitest";
import {
  expectError,
  isoTimestamp,
  orderCount,
  placeOrders,
  sessionCookieFrom,
  signedIn,
  sql,
  stateOf,
  userDto,
} from "../support/domain";
import { api, newUser, tokensFor, uniqueName, webSignIn } from "../support/http";

const baseUrl = inject("baseUrl");
const databaseUrl = inject("databaseUrl");
const client = api(baseUrl);

const passphrase = () => `another long passphrase ${randomBytes(4).toString("hex")}`;

describe("GET /api/v1/profile", () => {
  it("returns the caller's account and counts only the caller's orders", async () => {
    const a = await signedIn(client);
    const b = await signedIn(client);
    await placeOrders(client, a.token, 2);
    await placeOrders(client, b.token, 1);

    const profileA = await client.get("/api/v1/profile", { token: a.token });
    expect(profileA.status).toBe(200);
    expect(profileA.body).toEqual({ user: userDto(a.user), stats: { orderCount: 2 } });
    expect(profileA.body.user.createdAt).toBe(a.tokens.user.createdAt);
    // `hasPassword` (a boolean of the user DTO) is the one key allowed to name a password.
    expect(JSON.stringify(profileA.body).replace('"hasPassword":true', "")).not.toMatch(/password|hash|session/i);

    expect((await client.get("/api/v1/profile", { token: b.token })).body).toEqual({ user: userDto(b.user), stats: { orderCount: 1 } });
  });

  it("is the same through the web session cookie, and 401 without credentials", async () => {
    const { user, token } = await signedIn(client);
    const cookie = await webSignIn(baseUrl, user.username, user.password);
    const viaToken = await client.get("/api/v1/profile", { token });
    const viaCookie = await client.get("/api/v1/profile", { cookie });
    expect(viaCookie.status).toBe(200);
    expect(viaCookie.body).toEqual(viaToken.body);

    const anonymous = await client.get("/api/v1/profile");
    expectError(anonymous, 401, "unauthenticated");
    expect(anonymous.headers.get("www-authenticate")).toBe('Bearer realm="keel"');
  });
});

describe("PATCH /api/v1/profile", () => {
  it("changes the username and email; the email is stored lower-cased and both work for sign-in", async () => {
    const { user, token } = await signedIn(client);
    const username = uniqueName("Renamed");
    const changed = await client.patch("/api/v1/profile", { username, email: `  ${username}.New@Example.COM ` }, { token });
    expect(changed.status).toBe(200);
    const expected = { id: user.id, username, email: `${username.toLowerCase()}.new@example.com`, role: "USER", createdAt: isoTimestamp, emailVerified: false, hasPassword: true, twoFactorEnabled: false };
    expect(changed.body).toEqual({ user: expected });
    expect((await client.get("/api/v1/profile", { token })).body).toEqual({ user: expected, stats: { orderCount: 0 } });
    expect(await sql(databaseUrl, "SELECT username::text, email::text FROM users WHERE id = $1", [user.id])).toEqual(
      databaseUrl ? [{ username, email: expected.email }] : null,
    );

    // The old names no longer sign in; the new ones do (the token of this session stays valid).
    expectError(await client.post("/api/v1/auth/token", { login: user.username, password: user.password }), 401, "unauthenticated");
    expect((await tokensFor(client, { username: expected.email, password: user.password })).user).toEqual(expected);
  });

  it("refuses a username or email of another account with 409, case-insensitively, naming the field, and changes nothing", async () => {
    const a = await signedIn(client);
    const b = await newUser(client);
    const before = await stateOf(client, databaseUrl, { id: a.user.id, token: a.token });
    const cases: [Record<string, string>, string[]][] = [
      [{ username: b.username.toUpperCase() }, ["username"]],
      [{ email: b.email.toUpperCase() }, ["email"]],
      [{ username: b.username, email: b.email }, ["username", "email"]],
      // The free half of the change is not applied either.
      [{ username: b.username.toUpperCase(), email: `${uniqueName("free")}@example.com` }, ["username"]],
      [{ username: uniqueName("free"), email: b.email }, ["email"]],
    ];
    for (const [body, fields] of cases) {
      expectError(await client.patch("/api/v1/profile", body, { token: a.token }), 409, "conflict", fields);
      expect(await stateOf(client, databaseUrl, { id: a.user.id, token: a.token })).toEqual(before);
    }
  });

  it("gives a name claimed by several accounts at the same moment to exactly one; the others get 409, never a 500", async () => {
    const people = [await signedIn(client), await signedIn(client), await signedIn(client)];
    for (const field of ["username", "email"] as const) {
      const wanted = field === "username" ? uniqueName("Contested") : `${uniqueName("contested")}@example.com`;
      const responses = await Promise.all(
        people.map((person, i) => client.patch("/api/v1/profile", { [field]: i % 2 ? wanted.toUpperCase() : wanted }, { token: person.token })),
      );
      expect(responses.map((r) => r.status).sort()).toEqual([200, 409, 409]);
      for (const response of responses.filter((r) => r.status === 409)) expectError(response, 409, "conflict", [field]);
      const winner = people[responses.findIndex((r) => r.status === 200)]!;
      const profiles = await Promise.all(people.map((p) => client.get("/api/v1/profile", { token: p.token })));
      const holders = profiles.filter((p) => p.body.user[field].toLowerCase() === wanted.toLowerCase());
      expect(holders.map((p) => p.body.user.id)).toEqual([winner.user.id]);
    }
  });

  it("allows changing only the case of one's own username, and re-sending one's own email", async () => {
    const { user, token } = await signedIn(client);
    const upper = user.username.toUpperCase();
    const changed = await client.patch("/api/v1/profile", { username: upper, email: user.email.toUpperCase() }, { token });
    expect(changed.status).toBe(200);
    expect(changed.body).toEqual({ user: { ...userDto(user), username: upper } });
    expect((await client.get("/api/v1/profile", { token })).body.user.username).toBe(upper);
  });

  it("refuses an empty change and every field but username and email (no mass assignment), changing nothing", async () => {
    const a = await signedIn(client);
    const b = await newUser(client);
    const before = await stateOf(client, databaseUrl, { id: a.user.id, token: a.token });

    const empty = await client.patch("/api/v1/profile", {}, { token: a.token });
    expectError(empty, 400, "validation_failed", ["_"]);

    const forbidden: Record<string, unknown> = {
      role: "ADMIN",
      id: b.id,
      sessionVersion: 99,
      session_version: 99,
      passwordHash: "$2b$10$abcdefghijklmnopqrstuuABCDEFGHIJKLMNOPQRSTUVWXYZ01234",
      password_hash: "x",
      password: "a brand new passphrase",
      createdAt: "2000-01-01T00:00:00.000Z",
      userId: b.id,
    };
    for (const [field, value] of Object.entries(forbidden)) {
      // Alone (then nothing to change is reported too), and next to a valid change that must not be applied either.
      const cases: [Record<string, unknown>, string[]][] = [
        [{ [field]: value }, [field, "_"]],
        [{ username: uniqueName("sneaky"), [field]: value }, [field]],
      ];
      for (const [body, fields] of cases) {
        expectError(await client.patch("/api/v1/profile", body, { token: a.token }), 400, "validation_failed", fields);
        expect(await stateOf(client, databaseUrl, { id: a.user.id, token: a.token })).toEqual(before);
      }
    }
    // The other account named by `id` is untouched as well.
    const bToken = (await tokensFor(client, b)).accessToken;
    expect((await client.get("/api/v1/profile", { token: bToken })).body.user).toEqual(userDto(b));
  });

  it("needs the same origin when authenticated by the web cookie (CSRF), and then works", async () => {
    const { user, token } = await signedIn(client);
    const cookie = await webSignIn(baseUrl, user.username, user.password);
    const before = await stateOf(client, databaseUrl, { id: user.id, token });
    const username = uniqueName("web");
    for (const origin of [undefined, "https://evil.example"]) {
      expectError(await client.patch("/api/v1/profile", { username }, { cookie, origin }), 403, "forbidden");
      expect(await stateOf(client, databaseUrl, { id: user.id, token })).toEqual(before);
    }
    const changed = await client.patch("/api/v1/profile", { username }, { cookie, origin: baseUrl });
    expect(changed.status).toBe(200);
    expect(changed.body.user.username).toBe(username);
  });
});

describe("POST /api/v1/profile/password", () => {
  it("refuses a wrong current password (400, fields.currentPassword) without changing anything", async () => {
    const { user, token } = await signedIn(client);
    const before = await stateOf(client, databaseUrl, { id: user.id, token });
    const response = await client.post("/api/v1/profile/password", { currentPassword: `${user.password}x`, newPassword: passphrase() }, { token });
    expectError(response, 400, "validation_failed", ["currentPassword"]);
    expect(await stateOf(client, databaseUrl, { id: user.id, token })).toEqual(before);
    // The old password still signs in.
    await tokensFor(client, user);
  });

  it("refuses a new password that breaks the rules, without checking or changing anything", async () => {
    const { user, token } = await signedIn(client);
    const before = await stateOf(client, databaseUrl, { id: user.id, token });
    for (const newPassword of [user.password, "short", "password1", "x".repeat(129)]) {
      const response = await client.post("/api/v1/profile/password", { currentPassword: user.password, newPassword }, { token });
      expectError(response, 400, "validation_failed", ["newPassword"]);
      expect(await stateOf(client, databaseUrl, { id: user.id, token })).toEqual(before);
    }
  });

  it("refuses the username or email as the new password, like registration does, changing nothing", async () => {
    const { user, token } = await signedIn(client);
    const before = await stateOf(client, databaseUrl, { id: user.id, token });
    for (const newPassword of [user.username, user.username.toUpperCase(), user.email, user.email.toUpperCase()]) {
      const response = await client.post("/api/v1/profile/password", { currentPassword: user.password, newPassword }, { token });
      expectError(response, 400, "validation_failed", ["newPassword"]);
      expect(await stateOf(client, databaseUrl, { id: user.id, token })).toEqual(before);
    }
  });

  it("cannot be used to guess the password: after 10 wrong answers the account is locked (429), even for the right one", async () => {
    const { user, token } = await signedIn(client);
    const before = await stateOf(client, databaseUrl, { id: user.id, token });
    for (let attempt = 1; attempt <= 10; attempt++) {
      const wrong = await client.post("/api/v1/profile/password", { currentPassword: `guess ${attempt}`, newPassword: passphrase() }, { token });
      expectError(wrong, 400, "validation_failed", ["currentPassword"]);
    }
    const locked = await client.post("/api/v1/profile/password", { currentPassword: user.password, newPassword: passphrase() }, { token });
    expectError(locked, 429, "rate_limited");
    expect(Number(locked.headers.get("retry-after"))).toBeGreaterThan(0);
    // Account deletion shares the limit; so does signing in, from any address.
    expectError(await client.delete("/api/v1/profile", { password: user.password }, { token }), 429, "rate_limited");
    expectError(await client.post("/api/v1/auth/token", { login: user.username, password: user.password }), 429, "rate_limited");
    expect(await stateOf(client, databaseUrl, { id: user.id, token })).toEqual(before);
  });

  it("changes the password and revokes every session and token of the user, the caller's own included", async () => {
    const user = await newUser(client);
    const caller = await tokensFor(client, user);
    const otherDevice = await tokensFor(client, user);
    const cookie = await webSignIn(baseUrl, user.username, user.password);
    const newPassword = passphrase();
    const versionBefore = await sql<{ session_version: number }>(databaseUrl, "SELECT session_version FROM users WHERE id = $1", [user.id]);

    const changed = await client.post("/api/v1/profile/password", { currentPassword: user.password, newPassword }, { token: caller.accessToken });
    expect(changed.status).toBe(204);
    expect(changed.body).toBeNull();
    expect(sessionCookieFrom(changed)).toBeNull();

    for (const token of [caller.accessToken, otherDevice.accessToken]) {
      expectError(await client.get("/api/v1/profile", { token }), 401, "unauthenticated");
    }
    expectError(await client.get("/api/v1/profile", { cookie }), 401, "unauthenticated");
    for (const refreshToken of [caller.refreshToken, otherDevice.refreshToken]) {
      expectError(await client.post("/api/v1/auth/refresh", { refreshToken }), 401, "unauthenticated");
    }
    for (const login of [user.username, user.email]) {
      expectError(await client.post("/api/v1/auth/token", { login, password: user.password }), 401, "unauthenticated");
    }
    const fresh = await tokensFor(client, { username: user.username, password: newPassword });
    expect((await client.get("/api/v1/profile", { token: fresh.accessToken })).status).toBe(200);

    if (databaseUrl) {
      const after = await sql<{ session_version: number; live: number }>(
        databaseUrl,
        `SELECT session_version,
                (SELECT count(*)::int FROM refresh_tokens r WHERE r.user_id = u.id AND r.revoked_at IS NULL AND r.used_at IS NULL) AS live
           FROM users u WHERE id = $1`,
        [user.id],
      );
      // One bump; the only refresh token still usable is the one just issued with the new password.
      expect(after).toEqual([{ session_version: versionBefore![0]!.session_version + 1, live: 1 }]);
    }
  });

  it("gives a web caller a new session cookie that works, while the old cookie and the user's tokens stop", async () => {
    const user = await newUser(client);
    const device = await tokensFor(client, user);
    const cookie = await webSignIn(baseUrl, user.username, user.password);
    const newPassword = passphrase();

    // Cross-site with the cookie: refused, and the password is unchanged.
    expectError(
      await client.post("/api/v1/profile/password", { currentPassword: user.password, newPassword }, { cookie, origin: "https://evil.example" }),
      403,
      "forbidden",
    );
    expect((await client.get("/api/v1/profile", { token: device.accessToken })).status).toBe(200);

    const changed = await client.post("/api/v1/profile/password", { currentPassword: user.password, newPassword }, { cookie, origin: baseUrl });
    expect(changed.status).toBe(204);
    const renewed = sessionCookieFrom(changed);
    expect(renewed).not.toBeNull();
    expect(renewed).not.toBe(cookie);
    expect(renewed!.split("=")[0]).toBe(cookie.split("=")[0]);
    const setCookie = changed.headers.getSetCookie().join("\n");
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);

    const withNewCookie = await client.get("/api/v1/profile", { cookie: renewed! });
    expect(withNewCookie.status).toBe(200);
    expect(withNewCookie.body.user).toEqual(userDto(user));
    expectError(await client.get("/api/v1/profile", { cookie }), 401, "unauthenticated");
    expectError(await client.get("/api/v1/profile", { token: device.accessToken }), 401, "unauthenticated");
    expectError(await client.post("/api/v1/auth/refresh", { refreshToken: device.refreshToken }), 401, "unauthenticated");
    expectError(await client.post("/api/v1/auth/token", { login: user.username, password: user.password }), 401, "unauthenticated");
    await tokensFor(client, { username: user.username, password: newPassword });
  });
});

describe("DELETE /api/v1/profile", () => {
  it("refuses a wrong password with 400 and keeps the account", async () => {
    const { user, token } = await signedIn(client);
    await placeOrders(client, token, 1);
    const before = await stateOf(client, databaseUrl, { id: user.id, token });
    expectError(await client.delete("/api/v1/profile", { password: `${user.password}!` }, { token }), 400, "validation_failed", ["password"]);
    expect(await stateOf(client, databaseUrl, { id: user.id, token })).toEqual(before);
    await tokensFor(client, user);
  });

  it("deletes the account, its orders and every session at once; the name can be registered again", async () => {
    const { user, tokens, token } = await signedIn(client);
    const cookie = await webSignIn(baseUrl, user.username, user.password);
    const orders = await placeOrders(client, token, 3);

    const deleted = await client.delete("/api/v1/profile", { password: user.password }, { token });
    expect(deleted.status).toBe(204);
    expect(deleted.body).toBeNull();

    expectError(await client.get("/api/v1/profile", { token }), 401, "unauthenticated");
    expectError(await client.get("/api/v1/orders", { token }), 401, "unauthenticated");
    expectError(await client.get("/api/v1/profile", { cookie }), 401, "unauthenticated");
    expectError(await client.post("/api/v1/auth/refresh", { refreshToken: tokens.refreshToken }), 401, "unauthenticated");
    for (const login of [user.username, user.email]) {
      expectError(await client.post("/api/v1/auth/token", { login, password: user.password }), 401, "unauthenticated");
    }
    if (databaseUrl) {
      const left = await sql(
        databaseUrl,
        `SELECT (SELECT count(*)::int FROM users WHERE id = $1) AS users,
                (SELECT count(*)::int FROM orders WHERE user_id = $1 OR id = ANY($2::int[])) AS orders,
                (SELECT count(*)::int FROM refresh_tokens WHERE user_id = $1) AS refresh_tokens`,
        [user.id, orders.map((o) => o.id)],
      );
      expect(left).toEqual([{ users: 0, orders: 0, refresh_tokens: 0 }]);
    }

    // Same username and email again: a new account, with none of the old one's orders.
    const again = await signedIn(client, { username: user.username, email: user.email });
    expect(again.user.id).not.toBe(user.id);
    expect(await orderCount(client, again.token)).toBe(0);
    for (const order of orders) expectError(await client.get(`/api/v1/orders/${order.id}`, { token: again.token }), 404, "not_found");
    // The old session does not come back to life for the new account.
    expectError(await client.get("/api/v1/profile", { token }), 401, "unauthenticated");
  });

  it("through the web cookie: same origin only, and the response clears the cookie", async () => {
    const { user, token } = await signedIn(client);
    const cookie = await webSignIn(baseUrl, user.username, user.password);

    expectError(await client.delete("/api/v1/profile", { password: user.password }, { cookie }), 403, "forbidden");
    expect((await client.get("/api/v1/profile", { token })).status).toBe(200);

    const deleted = await client.delete("/api/v1/profile", { password: user.password }, { cookie, origin: baseUrl });
    expect(deleted.status).toBe(204);
    const cleared = deleted.headers.getSetCookie().filter((line) => line.startsWith(`${cookie.split("=")[0]}=;`));
    expect(cleared).toHaveLength(1);
    expect(cleared[0]).toContain("Max-Age=0");
    expectError(await client.get("/api/v1/profile", { cookie }), 401, "unauthenticated");
    expectError(await client.get("/api/v1/profile", { token }), 401, "unauthenticated");
  });
});
