/**
 * Account recovery and verification end to end (OpenAPI document: POST /api/v1/auth/password-reset,
 * /password-reset/confirm, /verify-email, POST /api/v1/profile/email-verification), on a server of
 * its own wired to a real SMTP server on loopback: every token comes out of a real e-mail.
 */
import { createHash } from "node:crypto";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openEmbeddedDatabase } from "@/lib/db/embedded";
import type { SqlSession } from "@/lib/db/migrate";
import { pgliteSession, pgSession } from "@/lib/db/sql-adapters";
import { expectUnauthenticated } from "../support/auth";
import { withClient } from "../support/database";
import { testEngine } from "../support/engine";
import { api, newUser, randomIp, type TestUser, tokensFor, uniqueName, webSignIn } from "../support/http";
import { mailEnv, type MailWorld, startMailWorld, TEST_APP_URL } from "../support/mail-world";
import { type RunningServer, startServer } from "../support/server";
import { type ReceivedMail, type SmtpSink, startSmtpSink } from "../support/smtp-sink";
import { bcryptCompareClock, median } from "../support/timing";

const engine = testEngine();

const INVALID_TOKEN = { error: { code: "invalid_token", message: "This link is invalid or has expired. Ask for a new one." } };

const comparableHeaders = (headers: Headers) =>
  [...headers].filter(([name]) => !["date", "content-length", "keep-alive", "connection", "x-request-id"].includes(name));

/** The token of the one link to `page` in a message; both parts carry the same link. */
function linkToken(mail: ReceivedMail, page: "reset-password" | "verify-email"): string {
  const pattern = new RegExp(`${TEST_APP_URL.replaceAll(".", "\\.")}/${page}\\?token=([A-Za-z0-9_-]+)`);
  const inText = pattern.exec(mail.text)?.[1];
  const inHtml = pattern.exec(mail.html)?.[1];
  expect(inText, `no ${page} link in: ${mail.text}`).toBeDefined();
  expect(inHtml).toBe(inText);
  expect(inText!.length).toBeGreaterThanOrEqual(32);
  return inText!;
}

describe(`account recovery and verification (${engine})`, () => {
  let sink: SmtpSink;
  let world: MailWorld;
  /** The server after a restart of our own (embedded engine: the test process edits the database in between). */
  let restarted: RunningServer | undefined;
  let client: ReturnType<typeof api>;

  beforeAll(async () => {
    sink = await startSmtpSink();
    world = await startMailWorld(engine, mailEnv(sink));
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

  async function mailTo(address: string, subject: string, count = 1): Promise<ReceivedMail> {
    const mails = await sink.waitFor((m) => m.to.includes(address.toLowerCase()) && m.subject === subject, { count });
    return mails[count - 1]!;
  }

  const requestReset = (email: string, ip = randomIp()) => client.post("/api/v1/auth/password-reset", { email }, { ip });
  const confirmReset = (token: string, newPassword: string, ip = randomIp()) =>
    client.post("/api/v1/auth/password-reset/confirm", { token, newPassword }, { ip });
  const verify = (token: string, ip = randomIp()) => client.post("/api/v1/auth/verify-email", { token }, { ip });

  async function resetToken(user: TestUser, nth = 1): Promise<string> {
    const answer = await requestReset(user.email);
    expect([answer.status, answer.body]).toEqual([202, {}]);
    return linkToken(await mailTo(user.email, "Reset your Keel password", nth), "reset-password");
  }

  it("resets a forgotten password: e-mail, new password, every old session and token refused, the new password works", async () => {
    const user = await newUser(client);
    const tokens = await tokensFor(client, user);
    const cookie = await webSignIn(baseUrl(), user.username, user.password);
    expect((await client.get("/api/v1/profile", { cookie })).status).toBe(200);

    const token = await resetToken(user);
    const mail = await mailTo(user.email, "Reset your Keel password");
    expect(mail.text).toMatch(/works once, for 30 minutes/);
    expect(mail.text).not.toContain(user.password);

    const newPassword = `${user.password} renewed`;
    const confirmed = await confirmReset(token, newPassword);
    expect([confirmed.status, confirmed.body]).toEqual([204, null]);

    // Every session and token of the account ends: access token, refresh token, web cookie.
    expectUnauthenticated(await client.get("/api/v1/profile", { token: tokens.accessToken }));
    expect((await client.post("/api/v1/auth/refresh", { refreshToken: tokens.refreshToken })).status).toBe(401);
    expectUnauthenticated(await client.get("/api/v1/profile", { cookie }));
    // The old password is refused, the new one works.
    expect((await client.post("/api/v1/auth/token", { login: user.username, password: user.password })).status).toBe(401);
    const fresh = await tokensFor(client, { username: user.username, password: newPassword });
    expect(fresh.user).toMatchObject({ id: user.id, emailVerified: true, hasPassword: true });

    // The security notice, and the link is spent.
    const notice = await mailTo(user.email, "Your Keel password was reset");
    expect(notice.text).toMatch(/If you did not/);
    expect(notice.text).not.toContain(newPassword);
    const again = await confirmReset(token, `${newPassword} again`);
    expect([again.status, again.body]).toEqual([400, INVALID_TOKEN]);
  });

  it("answers an unknown address exactly as a known one, sends it nothing, and takes as long", { retry: 1 }, async () => {
    const known = await newUser(client);
    const unknownEmail = `${uniqueName("nobody")}@example.com`;
    const forKnown = await requestReset(known.email);
    const forUnknown = await requestReset(unknownEmail);
    expect(forKnown.status).toBe(202);
    expect([forUnknown.status, JSON.stringify(forUnknown.body)]).toEqual([forKnown.status, JSON.stringify(forKnown.body)]);
    expect(comparableHeaders(forUnknown.headers)).toEqual(comparableHeaders(forKnown.headers));
    await mailTo(known.email, "Reset your Keel password");

    // Timing: the same bound as the sign-in enumeration test (a third of one bcrypt compare at cost
    // 10, measured here during the run; tests/support/timing.ts).
    const compare = await bcryptCompareClock();
    // Four requests per known address stay under the per-address limit (5 an hour).
    const accounts = [known, await newUser(client), await newUser(client), await newUser(client)];
    const timed = async (email: string) => {
      const started = performance.now();
      const response = await requestReset(email);
      const elapsed = performance.now() - started;
      expect(response.status).toBe(202);
      return elapsed;
    };
    await timed(`${uniqueName("nobody")}@example.com`);
    const unknown: number[] = [];
    const existing: number[] = [];
    for (let i = 0; i < 12; i++) {
      const account = accounts[i % accounts.length]!.email;
      if (i % 2 === 0) {
        unknown.push(await timed(`${uniqueName("nobody")}@example.com`));
        existing.push(await timed(account));
      } else {
        existing.push(await timed(account));
        unknown.push(await timed(`${uniqueName("nobody")}@example.com`));
      }
      if (i % 3 === 0) await compare.measure();
    }
    const report = `unknown ${median(unknown).toFixed(1)} ms, known ${median(existing).toFixed(1)} ms, one compare ${compare.medianMs().toFixed(1)} ms`;
    console.info(`password-reset timing: ${report}`);
    expect(Math.abs(median(unknown) - median(existing)), report).toBeLessThan(compare.medianMs() / 3);

    // Nothing ever went to the unknown address.
    await world.mailSettled();
    expect(sink.received.filter((m) => m.to.some((to) => to.startsWith("nobody_")))).toEqual([]);
  });

  it("a reset link works once, dies when a newer reset completes or the password changes, and refuses a password like the account", async () => {
    const user = await newUser(client);
    const first = await resetToken(user, 1);
    const second = await resetToken(user, 2);
    expect(second).not.toBe(first);

    // Registration's rules, including the one that needs the account; a refused password leaves the link usable.
    const common = await confirmReset(second, "password123");
    expect(common.status).toBe(400);
    expect(common.body.error.code).toBe("validation_failed");
    expect(common.body.error.fields.newPassword).toBeDefined();
    const likeName = await confirmReset(second, user.username);
    expect(likeName.body.error.fields.newPassword).toEqual(["Your password must not be your username or email."]);

    const newPassword = `${user.password} second`;
    expect((await confirmReset(second, newPassword)).status).toBe(204);
    expect((await confirmReset(second, `${newPassword} x`)).body).toEqual(INVALID_TOKEN);
    // The older link of the same account died with the reset.
    expect((await confirmReset(first, `${newPassword} x`)).body).toEqual(INVALID_TOKEN);

    // A password change voids outstanding reset links.
    const other = await newUser(client);
    const pending = await resetToken(other);
    const { accessToken } = await tokensFor(client, other);
    const changed = await client.post(
      "/api/v1/profile/password",
      { currentPassword: other.password, newPassword: `${other.password} changed` },
      { token: accessToken },
    );
    expect(changed.status).toBe(204);
    expect((await confirmReset(pending, `${other.password} via link`)).body).toEqual(INVALID_TOKEN);

    // Made-up, malformed and verification tokens get the same answer.
    for (const token of ["", "nonsense", "A".repeat(43), "../../etc/passwd"]) {
      expect((await confirmReset(token, "a perfectly fine passphrase")).body).toEqual(INVALID_TOKEN);
    }
  });

  it("links expire (30 minutes for a reset, 24 hours for verification) and are stored only as hashes", async () => {
    const user = await newUser(client);
    const verifyToken = linkToken(await mailTo(user.email, "Welcome to Keel"), "verify-email");
    const token = await resetToken(user);
    const stored = await withDatabase(async (session) => {
      const rows = await session.query<{ token_hash: string; purpose: string; lifetime: number }>(
        `SELECT token_hash, purpose::text AS purpose, EXTRACT(EPOCH FROM expires_at - created_at)::int AS lifetime
           FROM link_tokens WHERE user_id = $1 ORDER BY id`,
        [user.id],
      );
      await session.query(`UPDATE link_tokens SET expires_at = now() - interval '1 second' WHERE user_id = $1`, [user.id]);
      return rows;
    });
    const sha256 = (value: string) => createHash("sha256").update(value).digest("hex");
    expect(stored).toEqual([
      { token_hash: sha256(verifyToken), purpose: "EMAIL_VERIFICATION", lifetime: 24 * 60 * 60 },
      { token_hash: sha256(token), purpose: "PASSWORD_RESET", lifetime: 30 * 60 },
    ]);
    client = api(baseUrl());
    expect((await confirmReset(token, `${user.password} late`)).body).toEqual(INVALID_TOKEN);
    expect((await verify(verifyToken)).body).toEqual(INVALID_TOKEN);
    // The old password still works: nothing changed.
    expect((await tokensFor(client, user)).user.emailVerified).toBe(false);
  });

  it("verifies the address from the welcome e-mail, and again after every change of address; the old address gets a notice", async () => {
    const user = await newUser(client);
    const { accessToken } = await tokensFor(client, user);
    const before = await client.get("/api/v1/profile", { token: accessToken });
    expect(before.body.user).toMatchObject({ emailVerified: false, hasPassword: true });

    // Registration sends one e-mail: the welcome, carrying the verification link.
    const welcome = await mailTo(user.email, "Welcome to Keel");
    const welcomeToken = linkToken(welcome, "verify-email");
    expect(welcome.text).toMatch(/24 hours/);
    const verified = await verify(welcomeToken);
    expect(verified.status).toBe(200);
    expect(verified.body.user).toMatchObject({ id: user.id, email: user.email, emailVerified: true, hasPassword: true });
    expect(Object.keys(verified.body.user).sort()).toEqual(["createdAt", "email", "emailVerified", "hasPassword", "id", "role", "twoFactorEnabled", "username"]);
    expect((await client.get("/api/v1/profile", { token: accessToken })).body.user.emailVerified).toBe(true);
    expect((await verify(welcomeToken)).body).toEqual(INVALID_TOKEN);
    // Already verified: asking again sends nothing.
    expect((await client.post("/api/v1/profile/email-verification", undefined, { token: accessToken })).status).toBe(202);

    // A new address is unverified until its own link is followed.
    const newEmail = `${uniqueName("moved")}@example.com`;
    const changed = await client.patch("/api/v1/profile", { email: newEmail }, { token: accessToken });
    expect(changed.status).toBe(200);
    expect(changed.body.user).toMatchObject({ email: newEmail, emailVerified: false });
    const notice = await mailTo(user.email, "The e-mail address of your Keel account was changed");
    expect(notice.text).toMatch(/If you did not/);
    expect(notice.text).not.toContain(newEmail);
    const link = linkToken(await mailTo(newEmail, "Confirm your e-mail address for Keel"), "verify-email");
    expect((await verify(link)).body.user).toMatchObject({ email: newEmail, emailVerified: true });
    // The already-verified address was not sent a second verification e-mail.
    expect(sink.to(user.email).filter((m) => m.subject.startsWith("Confirm"))).toEqual([]);
  });

  it("a verification link is void once the account has another address; a resend sends a new one", async () => {
    const user = await newUser(client);
    const { accessToken } = await tokensFor(client, user);
    const oldLink = linkToken(await mailTo(user.email, "Welcome to Keel"), "verify-email");
    const newEmail = `${uniqueName("moved")}@example.com`;
    expect((await client.patch("/api/v1/profile", { email: newEmail }, { token: accessToken })).status).toBe(200);
    expect((await verify(oldLink)).body).toEqual(INVALID_TOKEN);
    await mailTo(newEmail, "Confirm your e-mail address for Keel");

    // Asking again sends another link to the current address.
    const resent = await client.post("/api/v1/profile/email-verification", undefined, { token: accessToken });
    expect([resent.status, resent.body]).toEqual([202, {}]);
    const second = linkToken(await mailTo(newEmail, "Confirm your e-mail address for Keel", 2), "verify-email");
    expect((await verify(second)).body.user.emailVerified).toBe(true);
    // A verification token is no reset token.
    expect((await confirmReset(second, "a perfectly fine passphrase")).body).toEqual(INVALID_TOKEN);
  });

  it("a completed reset lifts the account's sign-in lockout", async () => {
    const user = await newUser(client);
    for (let i = 0; i < 10; i++) await client.post("/api/v1/auth/token", { login: user.username, password: `wrong ${i}` });
    const locked = await client.post("/api/v1/auth/token", { login: user.username, password: user.password });
    expect(locked.status).toBe(429);
    const newPassword = `${user.password} unlocked`;
    expect((await confirmReset(await resetToken(user), newPassword)).status).toBe(204);
    expect((await client.post("/api/v1/auth/token", { login: user.username, password: newPassword })).status).toBe(200);
  });

  it("rate limits: reset requests per address and per IP, resends per account, invalid tokens per IP (429 with Retry-After)", async () => {
    const expectLimited = (response: { status: number; headers: Headers; body: any }) => {
      expect(response.status).toBe(429);
      expect(response.body.error.code).toBe("rate_limited");
      expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
    };
    // Per address, whether or not it has an account (so the limit itself says nothing).
    for (const email of [(await newUser(client)).email, `${uniqueName("nobody")}@example.com`]) {
      for (let i = 0; i < 5; i++) expect((await requestReset(email)).status).toBe(202);
      expectLimited(await requestReset(email));
    }
    // Per client IP.
    const ip = randomIp();
    for (let i = 0; i < 20; i++) expect((await requestReset(`${uniqueName("nobody")}@example.com`, ip)).status).toBe(202);
    expectLimited(await requestReset(`${uniqueName("nobody")}@example.com`, ip));

    // Verification e-mails per account.
    const { accessToken } = await tokensFor(client, await newUser(client));
    for (let i = 0; i < 5; i++) expect((await client.post("/api/v1/profile/email-verification", undefined, { token: accessToken })).status).toBe(202);
    expectLimited(await client.post("/api/v1/profile/email-verification", undefined, { token: accessToken }));

    // Invalid tokens per client IP.
    const guesser = randomIp();
    for (let i = 0; i < 50; i++) expect((await verify(`guess-${i}`, guesser)).status).toBe(400);
    expectLimited(await verify("one more guess", guesser));
    expectLimited(await confirmReset("one more guess", "a perfectly fine passphrase", guesser));
  });

  it("never logs a token", async () => {
    // The first server, when it was restarted, has exited (and written out its log); the running one
    // is asked to write out what it logged so far.
    const output = restarted ? world.server.output() + (await restarted.flushedOutput()) : await world.server.flushedOutput();
    const tokens = sink.received.flatMap((m) => [...m.text.matchAll(/token=([A-Za-z0-9_-]+)/g)].map((match) => match[1]!));
    expect(tokens.length).toBeGreaterThan(5);
    for (const token of tokens) expect(output).not.toContain(token);
  });
});
