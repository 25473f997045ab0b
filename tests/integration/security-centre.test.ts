/**
 * The account's security centre end to end (OpenAPI document: GET /api/v1/profile/sessions, DELETE
 * /api/v1/profile/sessions/{id}, GET /api/v1/profile/activity, GET /api/v1/admin/activity,
 * /api/v1/profile/two-factor/*, POST /api/v1/auth/token/two-factor), on a server of its own wired
 * to a real SMTP server, so the security notices are read from real e-mails.
 */
import path from "node:path";
import { Secret, TOTP } from "otpauth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openEmbeddedDatabase } from "@/lib/db/embedded";
import type { SqlSession } from "@/lib/db/migrate";
import { pgliteSession, pgSession } from "@/lib/db/sql-adapters";
import { cookieHeader, csrf, expectNoSecrets, expectUnauthenticated, parseSetCookies, webSignInAttempt, webSignOut } from "../support/auth";
import { withClient } from "../support/database";
import { testEngine } from "../support/engine";
import { type Api, newUser, randomIp, type TestUser, tokensFor, type Tokens } from "../support/http";
import { mailEnv, type MailWorld, startMailWorld, TEST_APP_URL } from "../support/mail-world";
import { type RunningServer, startServer } from "../support/server";
import { type ReceivedMail, type SmtpSink, startSmtpSink } from "../support/smtp-sink";

const engine = testEngine();

const SESSIONS = "/api/v1/profile/sessions";
const ACTIVITY = "/api/v1/profile/activity";
const ADMIN_ACTIVITY = "/api/v1/admin/activity";
const PROFILE = "/api/v1/profile";
const TOKEN = "/api/v1/auth/token";
const TOKEN_2FA = "/api/v1/auth/token/two-factor";
const SETUP = "/api/v1/profile/two-factor/setup";
const ENABLE = "/api/v1/profile/two-factor/enable";
const DISABLE = "/api/v1/profile/two-factor/disable";
/** Free failed sign-ins per account in this world, so the limit test stays short. */
const FREE_FAILURES = 4;

/** The code of the authenticator app for `secret`, `steps` 30-second steps from now. */
function codeFor(secret: string, steps = 0): string {
  const totp = new TOTP({ secret: Secret.fromBase32(secret), algorithm: "SHA1", digits: 6, period: 30 });
  return totp.generate({ timestamp: Date.now() + steps * 30_000 });
}

/** A 6-digit code that is none of the codes the server would accept now (window of one step). */
function wrongCodeFor(secret: string): string {
  const near = new Set([-2, -1, 0, 1, 2].map((steps) => codeFor(secret, steps)));
  for (let n = 0; ; n++) {
    const candidate = String((Number(codeFor(secret)) + 1 + n * 7919) % 1_000_000).padStart(6, "0");
    if (!near.has(candidate)) return candidate;
  }
}

describe(`security centre (${engine})`, () => {
  let sink: SmtpSink;
  let world: MailWorld;
  let restarted: RunningServer | undefined;
  let client: Api;

  beforeAll(async () => {
    sink = await startSmtpSink();
    world = await startMailWorld(engine, { ...mailEnv(sink), RATE_LIMIT_LOGIN_FAILURES_PER_ACCOUNT: String(FREE_FAILURES) });
    client = world.client;
  });

  afterAll(async () => {
    await restarted?.stop();
    await world?.close();
    await sink?.stop();
  });

  const baseUrl = () => (restarted ?? world.server).url;

  /** SQL against the server's database: Postgres directly; PGlite (one owner) with the server stopped for a moment. */
  async function withDatabase<T>(fn: (session: SqlSession) => Promise<T>): Promise<T> {
    if (world.databaseUrl) return withClient(world.databaseUrl, (c) => fn(pgSession(c)));
    const current = restarted ?? world.server;
    await current.stop("SIGTERM");
    const embedded = await openEmbeddedDatabase(path.join(world.dataDir, "pglite"));
    try {
      return await fn(pgliteSession(embedded.db));
    } finally {
      await embedded.close();
      restarted = await startServer({ env: world.env, port: current.port });
    }
  }

  async function mailsTo(address: string, subject: string, count: number): Promise<ReceivedMail[]> {
    return sink.waitFor((m) => m.to.includes(address.toLowerCase()) && m.subject === subject, { count });
  }

  const mailCount = (address: string, subject: string) =>
    sink.received.filter((m) => m.to.includes(address.toLowerCase()) && m.subject === subject).length;

  async function activityTypes(auth: { token?: string; cookie?: string }): Promise<string[]> {
    const response = await client.get(`${ACTIVITY}?limit=100`, auth);
    expect(response.status).toBe(200);
    return response.body.items.map((item: { type: string }) => item.type);
  }

  const count = (types: string[], type: string) => types.filter((t) => t === type).length;

  async function webCookie(user: TestUser, options: { userAgent?: string } = {}): Promise<string> {
    const attempt = await webSignInAttempt(baseUrl(), user.username, user.password, {
      headers: options.userAgent ? { "user-agent": options.userAgent } : {},
    });
    expect(attempt.cookie, JSON.stringify(attempt.body)).toBeDefined();
    return attempt.cookie!;
  }

  // -------------------------------------------------------------------------------------------
  // Sessions

  it("lists each sign-in as a session, marks the caller's, and ending one stops exactly its credentials", async () => {
    const user = await newUser(client);
    const phone = await tokensFor(client, user);
    const tablet = await tokensFor(client, user);
    const firefox = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";
    const cookie = await webCookie(user, { userAgent: firefox });

    const listed = await client.get(SESSIONS, { token: phone.accessToken });
    expect(listed.status).toBe(200);
    expectNoSecrets(listed);
    const items = listed.body.items as Array<Record<string, any>>;
    expect(items).toHaveLength(3);
    expect(items.filter((s) => s.current)).toHaveLength(1);
    expect(items.map((s) => s.kind).sort()).toEqual(["mobile", "mobile", "web"]);
    const web = items.find((s) => s.kind === "web")!;
    expect(web).toMatchObject({ userAgent: firefox, device: "Firefox 133 on Linux", current: false });
    expect(Object.keys(web).sort()).toEqual(["createdAt", "current", "device", "expiresAt", "id", "ip", "kind", "lastSeenAt", "userAgent"]);
    const fromCookie = await client.get(SESSIONS, { cookie });
    expect(fromCookie.body.items.find((s: { current: boolean }) => s.current).id).toBe(web.id);

    // The tablet's session ends: its access and refresh tokens are refused at once; the others work.
    const tabletSession = items.find((s) => s.kind === "mobile" && !s.current)!;
    expect((await client.delete(`${SESSIONS}/${tabletSession.id}`, undefined, { token: phone.accessToken })).status).toBe(204);
    expectUnauthenticated(await client.get(PROFILE, { token: tablet.accessToken }));
    expect((await client.post("/api/v1/auth/refresh", { refreshToken: tablet.refreshToken })).status).toBe(401);
    expect((await client.get(PROFILE, { token: phone.accessToken })).status).toBe(200);
    expect((await client.get(PROFILE, { cookie })).status).toBe(200);

    // The browser's session ends from the phone: its cookie is refused on its next request.
    expect((await client.delete(`${SESSIONS}/${web.id}`, undefined, { token: phone.accessToken })).status).toBe(204);
    expectUnauthenticated(await client.get(PROFILE, { cookie }));
    expect((await client.get(PROFILE, { token: phone.accessToken })).status).toBe(200);

    const left = await client.get(SESSIONS, { token: phone.accessToken });
    expect(left.body.items.map((s: { id: string }) => s.id)).toEqual([items.find((s) => s.current)!.id]);
    // Ending it again, or a session that does not exist: 404.
    expect((await client.delete(`${SESSIONS}/${web.id}`, undefined, { token: phone.accessToken })).status).toBe(404);
    const types = await activityTypes({ token: phone.accessToken });
    expect(count(types, "session_revoked")).toBe(2);
    expect(count(types, "sign_in")).toBe(3);
  });

  it("refuses to list or end another user's sessions, and treats malformed ids as unknown", async () => {
    const [owner, other] = [await newUser(client), await newUser(client)];
    const ownerTokens = await tokensFor(client, owner);
    const otherTokens = await tokensFor(client, other);
    const ownerSession = (await client.get(SESSIONS, { token: ownerTokens.accessToken })).body.items[0].id;
    const attempt = await client.delete(`${SESSIONS}/${ownerSession}`, undefined, { token: otherTokens.accessToken });
    expect(attempt.status).toBe(404);
    expect((await client.get(PROFILE, { token: ownerTokens.accessToken })).status).toBe(200);
    for (const id of ["1", "not-a-uuid", "00000000-0000-0000-0000-00000000000g", "%00", "' OR 1=1 --", "a".repeat(5000)]) {
      const response = await client.delete(`${SESSIONS}/${encodeURIComponent(id)}`, undefined, { token: otherTokens.accessToken });
      expect([id, response.status]).toEqual([id, 404]);
    }
    expect((await client.get(SESSIONS)).status).toBe(401);
  });

  it("moves last seen on refresh, and a sign-out removes the session from the list", async () => {
    const user = await newUser(client);
    const first = await tokensFor(client, user);
    const before = (await client.get(SESSIONS, { token: first.accessToken })).body.items[0];
    await new Promise((resolve) => setTimeout(resolve, 20));
    const refreshed = (await client.post("/api/v1/auth/refresh", { refreshToken: first.refreshToken }, { headers: { "user-agent": "KeelApp/2.0" } })).body as Tokens;
    const after = (await client.get(SESSIONS, { token: refreshed.accessToken })).body.items[0];
    expect(after.id).toBe(before.id);
    expect(Date.parse(after.lastSeenAt)).toBeGreaterThan(Date.parse(before.lastSeenAt));
    expect(after.createdAt).toBe(before.createdAt);
    expect(after.userAgent).toBe("KeelApp/2.0");

    const cookie = await webCookie(user);
    expect((await client.get(SESSIONS, { cookie })).body.items).toHaveLength(2);
    await webSignOut(baseUrl(), cookie);
    expect((await client.get(SESSIONS, { token: refreshed.accessToken })).body.items).toHaveLength(1);
    expect((await client.post("/api/v1/auth/logout", {}, { token: refreshed.accessToken })).status).toBe(204);
    const second = await tokensFor(client, user);
    expect((await client.get(SESSIONS, { token: second.accessToken })).body.items).toHaveLength(1);
    expect(count(await activityTypes({ token: second.accessToken }), "sign_out")).toBe(2);
  });

  it("e-mails a notice for a sign-in from a device the account has not used, and not for a known one", async () => {
    const user = await newUser(client);
    const subject = "New sign-in to your Keel account";
    const first = await client.post(TOKEN, { login: user.username, password: user.password }, { headers: { "user-agent": "KeelApp/1.0 (iPhone)" } });
    expect(first.status).toBe(200);
    const [notice] = await mailsTo(user.email, subject, 1);
    expect(notice!.text).toContain("KeelApp");
    expect(notice!.text).toContain(`${TEST_APP_URL}/profile/security`);
    expect(notice!.text).not.toContain(first.body.accessToken);
    // The same app again, with the device token of its last sign-in: no notice.
    const again = await client.post(TOKEN, { login: user.username, password: user.password, deviceToken: first.body.deviceToken });
    expect(again.status).toBe(200);
    // A third, unknown device: a second notice (and the known one did not send one in between).
    await tokensFor(client, user);
    await mailsTo(user.email, subject, 2);
    await world.mailSettled();
    expect(mailCount(user.email, subject)).toBe(2);
  });

  // -------------------------------------------------------------------------------------------
  // Activity

  it("records each event once, in the transaction of its change: a refused change records nothing", async () => {
    const user = await newUser(client);
    const [welcome] = await mailsTo(user.email, "Welcome to Keel", 1);
    const verifyToken = /verify-email\?token=([A-Za-z0-9_-]+)/.exec(welcome!.text)![1]!;
    expect((await client.post("/api/v1/auth/verify-email", { token: verifyToken })).status).toBe(200);

    expect((await client.post(TOKEN, { login: user.username, password: "not the password at all" })).status).toBe(401);
    let tokens = await tokensFor(client, user);
    const auth = () => ({ token: tokens.accessToken });

    // Refused changes: a wrong current password, a taken address.
    const wrong = await client.post(`${PROFILE}/password`, { currentPassword: "not the password at all", newPassword: "a brand new passphrase 1" }, auth());
    expect(wrong.status).toBe(400);
    const taken = await newUser(client);
    expect((await client.patch(PROFILE, { email: taken.email }, auth())).status).toBe(409);
    let types = await activityTypes(auth());
    expect(count(types, "password_changed")).toBe(0);
    expect(count(types, "email_changed")).toBe(0);

    expect((await client.patch(PROFILE, { email: `new.${user.email}` }, auth())).status).toBe(200);
    const newPassword = "a brand new passphrase 2";
    expect((await client.post(`${PROFILE}/password`, { currentPassword: user.password, newPassword }, auth())).status).toBe(204);
    tokens = await tokensFor(client, { username: user.username, password: newPassword });

    // A password reset through the e-mailed link.
    expect((await client.post("/api/v1/auth/password-reset", { email: `new.${user.email}` })).status).toBe(202);
    const [reset] = await mailsTo(`new.${user.email}`, "Reset your Keel password", 1);
    const resetToken = /reset-password\?token=([A-Za-z0-9_-]+)/.exec(reset!.text)![1]!;
    const finalPassword = "a brand new passphrase 3";
    expect((await client.post("/api/v1/auth/password-reset/confirm", { token: resetToken, newPassword: finalPassword })).status).toBe(204);
    tokens = await tokensFor(client, { username: user.username, password: finalPassword });

    const page = await client.get(`${ACTIVITY}?limit=100`, auth());
    expectNoSecrets(page);
    types = page.body.items.map((item: { type: string }) => item.type);
    expect(types).toEqual([
      "sign_in",
      "password_reset",
      "sign_in",
      "password_changed",
      "email_changed",
      "sign_in",
      "sign_in_failed",
      "email_verified",
    ]);
    const item = page.body.items[0];
    expect(Object.keys(item).sort()).toEqual(["at", "id", "ip", "type", "userAgent"]);
    expect(page.body.nextCursor).toBeNull();

    // Paging, newest first, without repeats.
    const first = await client.get(`${ACTIVITY}?limit=3`, auth());
    const second = await client.get(`${ACTIVITY}?limit=3&cursor=${first.body.nextCursor}`, auth());
    expect([...first.body.items, ...second.body.items].map((i: { id: number }) => i.id)).toEqual(page.body.items.slice(0, 6).map((i: { id: number }) => i.id));
    for (const query of ["limit=0", "limit=abc", "cursor=nope", "limit=101", "extra=1"]) {
      expect([query, (await client.get(`${ACTIVITY}?${query}`, auth())).status]).toEqual([query, 400]);
    }
  });

  it("lets administrators read anyone's activity, filtered by user and type, and nobody else", async () => {
    const admin = await world.adminTokens();
    const user = await newUser(client);
    const tokens = await tokensFor(client, user);
    expect((await client.get(ADMIN_ACTIVITY, { token: tokens.accessToken })).status).toBe(403);

    const promote = await client.patch(`/api/v1/admin/users/${user.id}`, { role: "ADMIN" }, { token: admin.accessToken });
    expect(promote.status).toBe(200);
    // Setting the role it has already changes nothing and records nothing.
    expect((await client.patch(`/api/v1/admin/users/${user.id}`, { role: "ADMIN" }, { token: admin.accessToken })).status).toBe(200);

    const mine = await client.get(`${ADMIN_ACTIVITY}?userId=${user.id}`, { token: admin.accessToken });
    expect(mine.status).toBe(200);
    expect(mine.body.items.map((i: { type: string }) => i.type)).toEqual(["role_changed", "sign_in"]);
    expect(mine.body.items.every((i: { userId: number }) => i.userId === user.id)).toBe(true);
    const signIns = await client.get(`${ADMIN_ACTIVITY}?type=sign_in&limit=100`, { token: admin.accessToken });
    expect(signIns.body.items.length).toBeGreaterThan(1);
    expect(new Set(signIns.body.items.map((i: { type: string }) => i.type))).toEqual(new Set(["sign_in"]));
    expect((await client.get(`${ADMIN_ACTIVITY}?type=nope`, { token: admin.accessToken })).status).toBe(400);
    expect((await client.get(`${ADMIN_ACTIVITY}?userId=-1`, { token: admin.accessToken })).status).toBe(400);

    // An account's deletion stays in the log for the administrators.
    expect((await client.delete(`/api/v1/admin/users/${user.id}`, undefined, { token: admin.accessToken })).status).toBe(204);
    const after = await client.get(`${ADMIN_ACTIVITY}?userId=${user.id}`, { token: admin.accessToken });
    expect(after.body.items.map((i: { type: string }) => i.type)).toEqual(["account_deleted", "role_changed", "sign_in"]);
  });

  // -------------------------------------------------------------------------------------------
  // Two-factor authentication

  async function enableTwoFactor(user: TestUser, tokens: Tokens) {
    const setup = await client.post(SETUP, { password: user.password }, { token: tokens.accessToken });
    expect(setup.status).toBe(200);
    const { secret, otpauthUrl } = setup.body;
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(otpauthUrl).toMatch(/^otpauth:\/\/totp\/Keel:/);
    expect(new URL(otpauthUrl).searchParams.get("secret")).toBe(secret);
    const enablingCode = codeFor(secret);
    const enabled = await client.post(ENABLE, { code: enablingCode }, { token: tokens.accessToken });
    expect(enabled.status, JSON.stringify(enabled.body)).toBe(200);
    expect(enabled.body.recoveryCodes).toHaveLength(10);
    expect(new Set(enabled.body.recoveryCodes).size).toBe(10);
    return { secret: secret as string, recoveryCodes: enabled.body.recoveryCodes as string[], enablingCode };
  }

  async function mfaToken(user: { username: string; password: string }, ip = randomIp()): Promise<string> {
    const response = await client.post(TOKEN, { login: user.username, password: user.password }, { ip });
    expect(response.status, JSON.stringify(response.body)).toBe(401);
    expect(response.body.error.code).toBe("mfa_required");
    expect(Object.keys(response.body.error).sort()).toEqual(["code", "message", "mfaToken"]);
    expect(response.body.error.mfaToken).toMatch(/^[A-Za-z0-9_-]{32,}$/);
    return response.body.error.mfaToken;
  }

  it("sets up, enables, asks for the code at sign-in, accepts a recovery code once, and disables", async () => {
    const user = await newUser(client);
    const tokens = await tokensFor(client, user);

    // A wrong password gets no secret; enabling without a setup is a conflict.
    expect((await client.post(SETUP, { password: "not the password at all" }, { token: tokens.accessToken })).status).toBe(400);
    expect((await client.post(ENABLE, { code: "123456" }, { token: tokens.accessToken })).status).toBe(409);

    // A wrong code does not enable it, and records nothing.
    const setup = await client.post(SETUP, { password: user.password }, { token: tokens.accessToken });
    const refused = await client.post(ENABLE, { code: wrongCodeFor(setup.body.secret) }, { token: tokens.accessToken });
    expect(refused.status).toBe(400);
    expect(refused.body.error.fields.code).toBeDefined();
    expect((await client.get(PROFILE, { token: tokens.accessToken })).body.user.twoFactorEnabled).toBe(false);
    expect(count(await activityTypes({ token: tokens.accessToken }), "two_factor_enabled")).toBe(0);

    const { secret, recoveryCodes, enablingCode } = await enableTwoFactor(user, tokens);
    expect((await client.get(PROFILE, { token: tokens.accessToken })).body.user.twoFactorEnabled).toBe(true);
    expect((await client.post(SETUP, { password: user.password }, { token: tokens.accessToken })).status).toBe(409);
    await mailsTo(user.email, "Two-factor authentication is on for your Keel account", 1);

    // The password alone is no longer enough; the code that enabled it cannot be used again.
    let pending = await mfaToken(user);
    // The very code that enabled it: a fresh codeFor() here would be the next step's code whenever the
    // 30-second step turns between the two requests (seen in a run), which the server rightly accepts.
    const replay = await client.post(TOKEN_2FA, { mfaToken: pending, code: enablingCode });
    expect(replay.status).toBe(401);
    expect(replay.body.error.code).toBe("unauthenticated");
    const wrong = await client.post(TOKEN_2FA, { mfaToken: pending, code: wrongCodeFor(secret) });
    expect(wrong.status).toBe(401);

    // The next step's code works (the window allows one step ahead), once.
    const next = codeFor(secret, 1);
    const signedIn = await client.post(TOKEN_2FA, { mfaToken: pending, code: next });
    expect(signedIn.status, JSON.stringify(signedIn.body)).toBe(200);
    expect(signedIn.body.user.twoFactorEnabled).toBe(true);
    expect(signedIn.body.deviceToken).toEqual(expect.any(String));
    expectNoSecrets(signedIn);
    expect((await client.get(PROFILE, { token: signedIn.body.accessToken })).status).toBe(200);
    // The same mfaToken twice: invalid_token, whatever the code.
    const reused = await client.post(TOKEN_2FA, { mfaToken: pending, code: codeFor(secret, 1) });
    expect([reused.status, reused.body.error.code]).toEqual([400, "invalid_token"]);
    pending = await mfaToken(user);
    expect((await client.post(TOKEN_2FA, { mfaToken: pending, code: next })).status).toBe(401);

    // A recovery code works once (typed in any case, with or without its dash).
    const recovery = recoveryCodes[0]!;
    const withRecovery = await client.post(TOKEN_2FA, { mfaToken: pending, code: recovery.toUpperCase().replace("-", " ") });
    expect(withRecovery.status, JSON.stringify(withRecovery.body)).toBe(200);
    pending = await mfaToken(user);
    expect((await client.post(TOKEN_2FA, { mfaToken: pending, code: recovery })).status).toBe(401);

    // Disable: the password and a code; a wrong code changes nothing and records nothing.
    const tokens2 = withRecovery.body as Tokens;
    const badDisable = await client.post(DISABLE, { password: user.password, code: recovery }, { token: tokens2.accessToken });
    expect(badDisable.status).toBe(400);
    expect((await client.post(DISABLE, { password: "not the password at all", code: recoveryCodes[1] }, { token: tokens2.accessToken })).status).toBe(400);
    expect((await client.get(PROFILE, { token: tokens2.accessToken })).body.user.twoFactorEnabled).toBe(true);
    expect(count(await activityTypes({ token: tokens2.accessToken }), "two_factor_disabled")).toBe(0);
    expect((await client.post(DISABLE, { password: user.password, code: recoveryCodes[1] }, { token: tokens2.accessToken })).status).toBe(204);
    expect((await client.get(PROFILE, { token: tokens2.accessToken })).body.user.twoFactorEnabled).toBe(false);
    await mailsTo(user.email, "Two-factor authentication was turned off for your Keel account", 1);
    expect((await client.post(DISABLE, { password: user.password, code: recoveryCodes[2] }, { token: tokens2.accessToken })).status).toBe(409);

    // Off: the password alone signs in again; the outstanding mfaToken is void.
    expect((await client.post(TOKEN_2FA, { mfaToken: pending, code: recoveryCodes[3] })).status).toBe(400);
    await tokensFor(client, user);
    const types = await activityTypes({ token: tokens2.accessToken });
    expect(count(types, "two_factor_enabled")).toBe(1);
    expect(count(types, "two_factor_disabled")).toBe(1);
  });

  it("refuses an expired mfaToken, unknown ones, and hostile input without a 500", async () => {
    const user = await newUser(client);
    const { secret } = await enableTwoFactor(user, await tokensFor(client, user));
    const pending = await mfaToken(user);
    await withDatabase((db) => db.query(`UPDATE mfa_challenges SET expires_at = now() - interval '1 second' WHERE user_id = $1`, [user.id]));
    const expired = await client.post(TOKEN_2FA, { mfaToken: pending, code: codeFor(secret, 1) });
    expect([expired.status, expired.body.error.code]).toEqual([400, "invalid_token"]);

    for (const body of [
      { mfaToken: "kmfa_unknown", code: "123456" },
      { mfaToken: "x".repeat(200), code: "123456" },
    ]) {
      const response = await client.post(TOKEN_2FA, body);
      expect([response.status, response.body.error.code]).toEqual([400, "invalid_token"]);
    }
    for (const body of [{}, { mfaToken: 1, code: "1" }, { mfaToken: "a", code: "" }, { mfaToken: "a", code: "1".repeat(100) }, { mfaToken: "a".repeat(201), code: "1" }, []]) {
      const response = await client.post(TOKEN_2FA, body);
      expect([JSON.stringify(body), response.status, response.body.error.code]).toEqual([JSON.stringify(body), 400, "validation_failed"]);
    }
    // The password form of the web sign-in also asks for the second factor.
    const web = await webSignInAttempt(baseUrl(), user.username, user.password);
    expect(web.cookie).toBeUndefined();
  });

  it("counts wrong codes toward the account's sign-in limits", async () => {
    const user = await newUser(client);
    const { secret } = await enableTwoFactor(user, await tokensFor(client, user));
    const pending = await mfaToken(user);
    const wrong = wrongCodeFor(secret);
    const statuses: number[] = [];
    for (let i = 0; i < FREE_FAILURES + 1; i++) statuses.push((await client.post(TOKEN_2FA, { mfaToken: pending, code: wrong })).status);
    // The account's free failures, then the backoff refuses even the right code.
    expect(statuses.slice(0, FREE_FAILURES)).toEqual(Array(FREE_FAILURES).fill(401));
    expect(statuses[FREE_FAILURES]).toBe(429);
    const limited = await client.post(TOKEN_2FA, { mfaToken: pending, code: codeFor(secret, 1) });
    expect(limited.status).toBe(429);
  });

  it("voids an mfaToken after five wrong codes (from a known device, limited on its own bucket)", async () => {
    const user = await newUser(client);
    const tokens = (await client.post(TOKEN, { login: user.username, password: user.password })).body as Tokens & { deviceToken: string };
    const { secret } = await enableTwoFactor(user, tokens);
    const wrong = wrongCodeFor(secret);
    const first = await client.post(TOKEN, { login: user.username, password: user.password, deviceToken: tokens.deviceToken });
    expect(first.body.error.code).toBe("mfa_required");
    const pending = first.body.error.mfaToken;
    for (let i = 0; i < 5; i++) expect([i, (await client.post(TOKEN_2FA, { mfaToken: pending, code: wrong })).status]).toEqual([i, 401]);
    const after = await client.post(TOKEN_2FA, { mfaToken: pending, code: codeFor(secret, 1) });
    expect([after.status, after.body.error.code]).toEqual([400, "invalid_token"]);
    expect(count(await activityTypes({ token: tokens.accessToken }), "sign_in_failed")).toBe(5);
  });

  it("completes a web sign-in with the second step, and counts the code once", async () => {
    const user = await newUser(client);
    const { secret } = await enableTwoFactor(user, await tokensFor(client, user));
    const ip = randomIp();
    const first = await webSignInAttempt(baseUrl(), user.username, user.password, { ip });
    expect(first.cookie).toBeUndefined();
    const error = new URL(first.body.url).searchParams.get("error") ?? "";
    expect(error).toMatch(/^mfa_required:kmfa_[A-Za-z0-9_-]+$/);
    const token = error.slice("mfa_required:".length);

    const { csrfToken, jar } = await csrf(baseUrl(), { ip });
    const second = await fetch(`${baseUrl()}/api/auth/callback/two-factor`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", "x-forwarded-for": ip, cookie: cookieHeader(jar) },
      body: new URLSearchParams({ csrfToken, mfaToken: token, code: codeFor(secret, 1), json: "true" }),
      redirect: "manual",
    });
    const session = parseSetCookies(second.headers).find((c) => c.name.endsWith("next-auth.session-token") && c.value);
    expect(session, await second.text()).toBeDefined();
    const cookie = `${session!.name}=${session!.value}`;
    const profile = await client.get(PROFILE, { cookie });
    expect(profile.status).toBe(200);
    expect(profile.body.user.twoFactorEnabled).toBe(true);
    const types = await activityTypes({ cookie });
    expect(count(types, "sign_in")).toBe(2);
  });
});
