/**
 * Passkeys end to end over HTTP (OpenAPI document: /api/v1/profile/passkeys*, /api/v1/auth/passkey/*,
 * and NextAuth's `passkey` provider), with a software authenticator (tests/support/passkey-authenticator.ts)
 * on a server of its own wired to a real SMTP sink, so the security notice is read from a real e-mail.
 */
import path from "node:path";
import { Secret, TOTP } from "otpauth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openEmbeddedDatabase } from "@/lib/db/embedded";
import type { SqlSession } from "@/lib/db/migrate";
import { pgliteSession, pgSession } from "@/lib/db/sql-adapters";
import { csrf, cookieHeader, expectNoSecrets, parseSetCookies } from "../support/auth";
import { withClient } from "../support/database";
import { testEngine } from "../support/engine";
import { type Api, api, newUser, randomIp, tokensFor } from "../support/http";
import { mailEnv, type MailWorld, startMailWorld, TEST_APP_URL } from "../support/mail-world";
import { SoftwareAuthenticator } from "../support/passkey-authenticator";
import { type RunningServer, startServer } from "../support/server";
import { type SmtpSink, startSmtpSink } from "../support/smtp-sink";

const engine = testEngine();

const OPTIONS = "/api/v1/profile/passkeys/options";
const PASSKEYS = "/api/v1/profile/passkeys";
const SIGN_IN_OPTIONS = "/api/v1/auth/passkey/options";
const TOKEN = "/api/v1/auth/passkey/token";
const ACTIVITY = "/api/v1/profile/activity";
const SESSIONS = "/api/v1/profile/sessions";
/** An Android app's facet (WEBAUTHN_ORIGINS). */
const ANDROID_ORIGIN = `android:apk-key-hash:${"k".repeat(42)}A`;
const RP_ID = new URL(TEST_APP_URL).hostname;
const SIGN_INS_PER_IP = 8;

// Generous: each test makes a dozen sign-ins and registrations, and the first starts a server of its own.
describe(`passkeys (${engine})`, { timeout: 180_000 }, () => {
  let sink: SmtpSink;
  let world: MailWorld;
  let restarted: RunningServer | undefined;
  let client: Api;

  beforeAll(async () => {
    sink = await startSmtpSink();
    world = await startMailWorld(engine, {
      ...mailEnv(sink),
      WEBAUTHN_ORIGINS: ANDROID_ORIGIN,
      RATE_LIMIT_PASSKEY_SIGN_INS_PER_IP: String(SIGN_INS_PER_IP),
    });
    client = world.client;
  }, 300_000);

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

  /** A user with a password, an access token and a software authenticator holding one passkey of theirs. */
  async function userWithPasskey(name?: string) {
    const user = await newUser(client);
    const token = (await tokensFor(client, user)).accessToken;
    const authenticator = new SoftwareAuthenticator(TEST_APP_URL);
    const passkey = await addPasskey(authenticator, token, name);
    return { user, token, authenticator, passkey };
  }

  async function addPasskey(authenticator: SoftwareAuthenticator, token: string, name?: string) {
    const options = await client.post(OPTIONS, undefined, { token });
    expect(options.status, JSON.stringify(options.body)).toBe(200);
    const { response } = authenticator.register(options.body.options);
    const added = await client.post(PASSKEYS, { response, ...(name ? { name } : {}) }, { token });
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    return added.body.passkey as { id: number; name: string };
  }

  async function signInOptions(ip = randomIp()) {
    const options = await client.post(SIGN_IN_OPTIONS, undefined, { ip });
    expect(options.status, JSON.stringify(options.body)).toBe(200);
    return options.body as { options: { challenge: string; rpId: string; allowCredentials?: unknown[]; userVerification: string; timeout: number }; challengeId: string };
  }

  it("registers a discoverable passkey with user verification, lists it, and e-mails a security notice", async () => {
    const user = await newUser(client);
    const token = (await tokensFor(client, user)).accessToken;
    const options = await client.post(OPTIONS, undefined, { token });
    expect(options.status).toBe(200);
    expect(options.body.options).toMatchObject({
      rp: { id: RP_ID, name: "Keel" },
      user: { name: user.username },
      attestation: "none",
      timeout: 300_000,
      authenticatorSelection: { residentKey: "required", requireResidentKey: true, userVerification: "required" },
      excludeCredentials: [],
    });
    // The user handle names nobody: not the id, not the name.
    const handle = Buffer.from(options.body.options.user.id, "base64url");
    expect(handle).toHaveLength(32);
    expect(handle.toString("latin1")).not.toContain(user.username);
    expect(options.body.options.user.id).not.toBe(Buffer.from(String(user.id)).toString("base64url"));

    const authenticator = new SoftwareAuthenticator(TEST_APP_URL, { synced: true });
    const { response } = authenticator.register(options.body.options);
    const added = await client.post(PASSKEYS, { response, name: "Phone" }, { token });
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    expect(added.body.passkey).toEqual({
      id: expect.any(Number),
      name: "Phone",
      createdAt: expect.any(String),
      lastUsedAt: null,
      deviceType: "multiDevice",
      backedUp: true,
    });
    expectNoSecrets(added);

    const listed = await client.get(PASSKEYS, { token });
    expect(listed.status).toBe(200);
    expect(listed.body.items).toEqual([added.body.passkey]);

    // The next options exclude it, so the same authenticator does not make a second one.
    const again = await client.post(OPTIONS, undefined, { token });
    expect(again.body.options.excludeCredentials).toEqual([{ id: response.id, type: "public-key", transports: ["internal", "hybrid"] }]);

    const [notice] = await sink.waitFor((m) => m.to.includes(user.email) && m.subject === "A passkey was added to your Keel account");
    expect(notice!.text).toContain('"Phone"');
    const activity = await client.get(ACTIVITY, { token });
    expect(activity.body.items.map((item: { type: string }) => item.type)).toContain("passkey_added");

    // Without a name, it is named after the browser and system it was made on.
    const unnamed = await addPasskey(new SoftwareAuthenticator(TEST_APP_URL), token);
    expect(unnamed.name.length).toBeGreaterThan(0);
  });

  it("signs in with the passkey for the token pair of /auth/token, without a second factor, and records the session", async () => {
    const { user, token, authenticator } = await userWithPasskey();
    // Two-factor authentication on: a password sign-in would now need a code; a passkey does not.
    const setup = await client.post("/api/v1/profile/two-factor/setup", { password: user.password }, { token });
    const code = new TOTP({ secret: Secret.fromBase32(setup.body.secret), algorithm: "SHA1", digits: 6, period: 30 }).generate();
    expect((await client.post("/api/v1/profile/two-factor/enable", { code }, { token })).status).toBe(200);

    const { options, challengeId } = await signInOptions();
    expect(options.rpId).toBe(RP_ID);
    expect(options.userVerification).toBe("required");
    expect(options.allowCredentials ?? []).toEqual([]);
    const signedIn = await client.post(TOKEN, { challengeId, response: authenticator.authenticate(options) });
    expect(signedIn.status, JSON.stringify(signedIn.body)).toBe(200);
    expect(signedIn.body).toMatchObject({ tokenType: "Bearer", user: { id: user.id, username: user.username, twoFactorEnabled: true } });
    expect(typeof signedIn.body.accessToken).toBe("string");
    expect(typeof signedIn.body.refreshToken).toBe("string");
    expect(typeof signedIn.body.deviceToken).toBe("string");
    expectNoSecrets(signedIn);

    const profile = await client.get("/api/v1/profile", { token: signedIn.body.accessToken });
    expect(profile.status).toBe(200);
    const refreshed = await client.post("/api/v1/auth/refresh", { refreshToken: signedIn.body.refreshToken });
    expect(refreshed.status).toBe(200);
    const sessions = await client.get(SESSIONS, { token: signedIn.body.accessToken });
    expect(sessions.body.items.filter((s: { kind: string }) => s.kind === "mobile").length).toBeGreaterThanOrEqual(2);
    const listed = await client.get(PASSKEYS, { token });
    expect(listed.body.items[0].lastUsedAt).not.toBeNull();
    const activity = await client.get(ACTIVITY, { token });
    expect(activity.body.items.map((item: { type: string }) => item.type)).toContain("sign_in");
  });

  it("signs in on the web through NextAuth: a revocable session like any other", async () => {
    const { token, authenticator } = await userWithPasskey();
    const ip = randomIp();
    const { options, challengeId } = await signInOptions(ip);
    const { csrfToken, jar } = await csrf(baseUrl(), { ip });
    const callback = await fetch(`${baseUrl()}/api/auth/callback/passkey`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", "x-forwarded-for": ip, cookie: cookieHeader(jar) },
      body: new URLSearchParams({ csrfToken, challengeId, response: JSON.stringify(authenticator.authenticate(options)), json: "true" }),
      redirect: "manual",
    });
    const session = parseSetCookies(callback.headers).find((c) => c.name.endsWith("next-auth.session-token") && c.value !== "");
    expect(session, await callback.text()).toBeDefined();
    const cookie = `${session!.name}=${session!.value}`;
    const sessions = await client.get(SESSIONS, { cookie });
    expect(sessions.status).toBe(200);
    const web = sessions.body.items.find((s: { kind: string; current: boolean }) => s.kind === "web" && s.current);
    expect(web).toBeDefined();
    // Ended from another device, the cookie stops working.
    expect((await client.delete(`${SESSIONS}/${web.id}`, undefined, { token })).status).toBe(204);
    expect((await client.get("/api/v1/profile", { cookie })).status).toBe(401);

    // A wrong answer signs nobody in.
    const second = await signInOptions(ip);
    const { csrfToken: again, jar: jar2 } = await csrf(baseUrl(), { ip });
    const refused = await fetch(`${baseUrl()}/api/auth/callback/passkey`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", "x-forwarded-for": ip, cookie: cookieHeader(jar2) },
      body: new URLSearchParams({
        csrfToken: again,
        challengeId: second.challengeId,
        response: JSON.stringify(authenticator.authenticate(second.options, undefined, { tamperSignature: true })),
        json: "true",
      }),
      redirect: "manual",
    });
    expect(parseSetCookies(refused.headers).some((c) => c.name.endsWith("next-auth.session-token") && c.value !== "")).toBe(false);
  });

  it("refuses a replayed challenge: one answer per challenge, right or wrong", async () => {
    const { authenticator } = await userWithPasskey();
    const { options, challengeId } = await signInOptions();
    const answer = authenticator.authenticate(options);
    const [first, second] = await Promise.all([client.post(TOKEN, { challengeId, response: answer }), client.post(TOKEN, { challengeId, response: answer })]);
    expect([first.status, second.status].sort()).toEqual([200, 401]);
    // A fresh signature over the spent challenge is refused too.
    const fresh = await client.post(TOKEN, { challengeId, response: authenticator.authenticate(options) });
    expect(fresh.status).toBe(401);
    expect(fresh.body.error.code).toBe("unauthenticated");
    // A challenge answered wrongly is spent as well.
    const next = await signInOptions();
    expect((await client.post(TOKEN, { challengeId: next.challengeId, response: authenticator.authenticate(next.options, undefined, { tamperSignature: true }) })).status).toBe(401);
    expect((await client.post(TOKEN, { challengeId: next.challengeId, response: authenticator.authenticate(next.options) })).status).toBe(401);
    // An unknown challenge id, or another challenge's id.
    const other = await signInOptions();
    const third = await signInOptions();
    expect((await client.post(TOKEN, { challengeId: other.challengeId, response: authenticator.authenticate(third.options) })).status).toBe(401);
    expect((await client.post(TOKEN, { challengeId: crypto.randomUUID(), response: authenticator.authenticate(third.options) })).status).toBe(401);
    // A registration challenge does not sign in.
    const { token } = await userWithPasskey();
    const registration = await client.post(OPTIONS, undefined, { token });
    expect(
      (await client.post(TOKEN, { challengeId: third.challengeId, response: authenticator.authenticate({ challenge: registration.body.options.challenge }) })).status,
    ).toBe(401);
  });

  it("refuses answers made for another origin or another RP ID; accepts the configured app origin", async () => {
    const { token, authenticator } = await userWithPasskey();
    for (const misbehaviour of [{ origin: "https://evil.test" }, { origin: "https://keel.test.evil.test" }, { rpId: "evil.test" }, { withoutUserVerification: true }]) {
      const { options, challengeId } = await signInOptions();
      const refused = await client.post(TOKEN, { challengeId, response: authenticator.authenticate(options, undefined, misbehaviour) });
      expect(refused.status, JSON.stringify(misbehaviour)).toBe(401);
      expect(refused.body.error.message).toBe("The passkey could not be verified. Try again.");
    }
    // Registration too: a passkey for another site is not added.
    for (const misbehaviour of [{ origin: "https://evil.test" }, { rpId: "evil.test" }, { withoutUserVerification: true }]) {
      const options = await client.post(OPTIONS, undefined, { token });
      const refused = await client.post(PASSKEYS, { response: new SoftwareAuthenticator(TEST_APP_URL).register(options.body.options, misbehaviour).response }, { token });
      expect(refused.status, JSON.stringify(misbehaviour)).toBe(400);
    }
    expect((await client.get(PASSKEYS, { token })).body.items).toHaveLength(1);

    // The Android app (WEBAUTHN_ORIGINS) signs in with the same passkey.
    const { options, challengeId } = await signInOptions();
    const app = await client.post(TOKEN, { challengeId, response: authenticator.authenticate(options, undefined, { origin: ANDROID_ORIGIN }) });
    expect(app.status, JSON.stringify(app.body)).toBe(200);
  });

  it("refuses a tampered signature and a counter going backwards (and logs the clone)", async () => {
    const { authenticator } = await userWithPasskey();
    const tampered = await signInOptions();
    expect((await client.post(TOKEN, { challengeId: tampered.challengeId, response: authenticator.authenticate(tampered.options, undefined, { tamperSignature: true }) })).status).toBe(401);

    for (let i = 0; i < 2; i++) {
      const { options, challengeId } = await signInOptions();
      expect((await client.post(TOKEN, { challengeId, response: authenticator.authenticate(options) })).status).toBe(200);
    }
    const credential = authenticator.credentials[0]!;
    for (const counter of [credential.counter, credential.counter - 1]) {
      const { options, challengeId } = await signInOptions();
      const refused = await client.post(TOKEN, { challengeId, response: authenticator.authenticate(options, credential, { counter }) });
      expect(refused.status, `counter ${counter}`).toBe(401);
    }
    expect(await (restarted ?? world.server).flushedOutput()).toContain("signature counter went backwards");
    // The authenticator carrying on from its own count still works.
    const { options, challengeId } = await signInOptions();
    expect((await client.post(TOKEN, { challengeId, response: authenticator.authenticate(options) })).status).toBe(200);
  });

  it("keeps each account's passkeys to itself", async () => {
    const alice = await userWithPasskey("Alice's key");
    const bob = await userWithPasskey();
    // Another user's passkey is a 404, like one that does not exist.
    expect((await client.patch(`${PASSKEYS}/${alice.passkey.id}`, { name: "mine now" }, { token: bob.token })).status).toBe(404);
    expect((await client.delete(`${PASSKEYS}/${alice.passkey.id}`, undefined, { token: bob.token })).status).toBe(404);
    expect((await client.get(PASSKEYS, { token: bob.token })).body.items.map((p: { id: number }) => p.id)).toEqual([bob.passkey.id]);
    expect((await client.get(PASSKEYS, { token: alice.token })).body.items[0].name).toBe("Alice's key");

    // Alice's credential cannot be registered to Bob's account (one credential, one account).
    const options = await client.post(OPTIONS, undefined, { token: bob.token });
    const copy = alice.authenticator.register(options.body.options, { credentialId: alice.authenticator.credentials[0]!.id });
    const stolen = await client.post(PASSKEYS, { response: copy.response }, { token: bob.token });
    expect(stolen.status).toBe(409);

    // Alice's passkey answering with Bob's user handle signs in nobody.
    const { options: signIn, challengeId } = await signInOptions();
    const bobHandle = bob.authenticator.credentials[0]!.userHandle;
    expect((await client.post(TOKEN, { challengeId, response: alice.authenticator.authenticate(signIn, undefined, { userHandle: bobHandle }) })).status).toBe(401);
    // A passkey the server never saw signs in nobody, with the same answer as a wrong signature.
    const stranger = new SoftwareAuthenticator(TEST_APP_URL);
    const unknown = await signInOptions();
    stranger.register({ challenge: "x", rp: { id: RP_ID, name: "Keel" }, user: { id: bobHandle, name: "bob" } });
    const refused = await client.post(TOKEN, { challengeId: unknown.challengeId, response: stranger.authenticate(unknown.options) });
    expect(refused.status).toBe(401);
    expect(refused.body.error.message).toBe("The passkey could not be verified. Try again.");
  });

  it("renames and removes passkeys, but never the last way to sign in", async () => {
    const { user, token, authenticator, passkey } = await userWithPasskey();
    const renamed = await client.patch(`${PASSKEYS}/${passkey.id}`, { name: "  Work laptop  " }, { token });
    expect(renamed.status).toBe(200);
    expect(renamed.body.passkey.name).toBe("Work laptop");
    for (const name of ["", "a".repeat(101), "bad\u0000name", 42]) {
      expect((await client.patch(`${PASSKEYS}/${passkey.id}`, { name }, { token })).status).toBe(400);
    }
    const second = await addPasskey(new SoftwareAuthenticator(TEST_APP_URL), token, "Second");

    // The password is a way to sign in: with it, every passkey can go; without it, not the last one.
    await withDatabase((db) => db.query("UPDATE users SET password_hash = NULL WHERE id = $1", [user.id]));
    client = currentClient();
    expect((await client.delete(`${PASSKEYS}/${passkey.id}`, undefined, { token })).status).toBe(204);
    const last = await client.delete(`${PASSKEYS}/${second.id}`, undefined, { token });
    expect(last.status).toBe(409);
    expect(last.body.error.message).toMatch(/last way to sign in/);
    expect((await client.get(PASSKEYS, { token })).body.items.map((p: { id: number }) => p.id)).toEqual([second.id]);
    const activity = await client.get(ACTIVITY, { token });
    expect(activity.body.items.map((item: { type: string }) => item.type)).toContain("passkey_removed");

    // The removed passkey cannot sign in any more.
    const { options, challengeId } = await signInOptions();
    expect((await client.post(TOKEN, { challengeId, response: authenticator.authenticate(options) })).status).toBe(401);
  });

  it("deleting the account deletes its passkeys", async () => {
    const { user, token, authenticator } = await userWithPasskey();
    expect((await client.delete("/api/v1/profile", { password: user.password }, { token })).status).toBe(204);
    const { options, challengeId } = await signInOptions();
    expect((await client.post(TOKEN, { challengeId, response: authenticator.authenticate(options) })).status).toBe(401);
    const rows = await withDatabase((db) => db.query<{ n: number }>("SELECT count(*)::int AS n FROM passkeys WHERE user_id = $1", [user.id]));
    client = currentClient();
    expect(rows[0]!.n).toBe(0);
  });

  it("an account without a password deletes itself with a fresh answer of its own passkey", async () => {
    const { user, token, authenticator } = await userWithPasskey();
    const other = await userWithPasskey();
    // Passkeys only: no password (as an account whose identity provider was unlinked after adding one).
    await withDatabase((db) => db.query("UPDATE users SET password_hash = NULL WHERE id = $1", [user.id]));
    client = currentClient();
    const fieldError = (response: { status: number; body: { error: { code: string; fields?: Record<string, string[]> } } }, field: string) => {
      expect(response.status, JSON.stringify(response.body)).toBe(400);
      expect(response.body.error.code).toBe("validation_failed");
      expect(Object.keys(response.body.error.fields ?? {})).toEqual([field]);
    };

    // A password is no way in for it; nor is nothing, both at once, or a malformed answer.
    fieldError(await client.delete("/api/v1/profile", { password: "anything at all" }, { token }), "password");
    fieldError(await client.delete("/api/v1/profile", {}, { token }), "password");
    const both = await signInOptions();
    fieldError(await client.delete("/api/v1/profile", { password: "x", passkey: { challengeId: both.challengeId, response: authenticator.authenticate(both.options) } }, { token }), "passkey");
    expect((await client.delete("/api/v1/profile", { passkey: { challengeId: "nope", response: {} } }, { token })).status).toBe(400);

    // Another account's passkey, however good its answer, confirms nothing here, and is not even
    // counted as used: its signature is never checked.
    const theirs = await signInOptions();
    fieldError(await client.delete("/api/v1/profile", { passkey: { challengeId: theirs.challengeId, response: other.authenticator.authenticate(theirs.options) } }, { token }), "passkey");
    expect((await client.get(PASSKEYS, { token: other.token })).body.items[0].lastUsedAt).toBeNull();
    // A tampered signature, and an answer without user verification, neither.
    const tampered = await signInOptions();
    fieldError(await client.delete("/api/v1/profile", { passkey: { challengeId: tampered.challengeId, response: authenticator.authenticate(tampered.options, undefined, { tamperSignature: true }) } }, { token }), "passkey");
    const unverified = await signInOptions();
    fieldError(await client.delete("/api/v1/profile", { passkey: { challengeId: unverified.challengeId, response: authenticator.authenticate(unverified.options, undefined, { withoutUserVerification: true }) } }, { token }), "passkey");
    expect((await client.get("/api/v1/profile", { token })).status).toBe(200);

    // Its own passkey's fresh answer: deleted. The answer's challenge is spent (a replay finds nothing
    // to delete, and could not sign in either).
    const { options, challengeId } = await signInOptions();
    const answer = authenticator.authenticate(options);
    const deleted = await client.delete("/api/v1/profile", { passkey: { challengeId, response: answer } }, { token });
    expect(deleted.status, JSON.stringify(deleted.body)).toBe(204);
    expect((await client.get("/api/v1/profile", { token })).status).toBe(401);
    expect((await client.post(TOKEN, { challengeId, response: answer })).status).toBe(401);
    const again = await signInOptions();
    expect((await client.post(TOKEN, { challengeId: again.challengeId, response: authenticator.authenticate(again.options) })).status).toBe(401);
    // The other account is untouched.
    expect((await client.get("/api/v1/profile", { token: other.token })).status).toBe(200);
  });

  it("an account with a password may confirm its deletion with a passkey too; a challenge is good for one answer", async () => {
    const { token, authenticator } = await userWithPasskey();
    const { options, challengeId } = await signInOptions();
    const answer = authenticator.authenticate(options);
    // The challenge spent by a sign-in cannot confirm a deletion afterwards.
    expect((await client.post(TOKEN, { challengeId, response: answer })).status).toBe(200);
    expect((await client.delete("/api/v1/profile", { passkey: { challengeId, response: answer } }, { token })).status).toBe(400);
    const fresh = await signInOptions();
    expect((await client.delete("/api/v1/profile", { passkey: { challengeId: fresh.challengeId, response: authenticator.authenticate(fresh.options) } }, { token })).status).toBe(204);
    expect((await client.get("/api/v1/profile", { token })).status).toBe(401);
  });

  it("answers hostile input with 4xx, never a 500, and limits sign-in attempts per client IP", async () => {
    const { token } = await userWithPasskey();
    const bodies: unknown[] = [
      {},
      { challengeId: "not-a-uuid", response: {} },
      { challengeId: crypto.randomUUID(), response: { id: "a", rawId: "a", type: "public-key", response: { clientDataJSON: "!!!", authenticatorData: "a", signature: "a" } } },
      { challengeId: crypto.randomUUID(), response: { id: "a".repeat(5000), rawId: "a", type: "public-key", response: {} } },
      { challengeId: [], response: "x" },
    ];
    for (const body of bodies) {
      const answer = await client.post(TOKEN, body);
      expect(answer.status, JSON.stringify(body).slice(0, 100)).toBe(400);
    }
    // Well-formed but meaningless: base64url that is not JSON, JSON without a challenge.
    for (const clientDataJSON of ["bm90IGpzb24", Buffer.from("{}").toString("base64url"), Buffer.from('{"challenge":1}').toString("base64url")]) {
      const answer = await client.post(TOKEN, {
        challengeId: crypto.randomUUID(),
        response: { id: "abc", rawId: "abc", type: "public-key", clientExtensionResults: {}, response: { clientDataJSON, authenticatorData: "abc", signature: "abc" } },
      });
      expect(answer.status).toBe(401);
    }
    for (const body of [{ response: "x" }, { response: { id: "a", rawId: "a", type: "public-key", response: { clientDataJSON: "e30", attestationObject: "oA" } } }]) {
      expect((await client.post(PASSKEYS, body, { token })).status).toBe(400);
    }
    for (const id of ["0", "-1", "abc", "99999999999", "1e3", "%00"]) {
      expect((await client.delete(`${PASSKEYS}/${id}`, undefined, { token })).status).toBe(404);
    }
    // Signed-out callers cannot reach the profile routes.
    expect((await client.post(OPTIONS)).status).toBe(401);
    expect((await client.get(PASSKEYS)).status).toBe(401);

    const ip = randomIp();
    for (let i = 0; i < SIGN_INS_PER_IP; i++) expect((await client.post(SIGN_IN_OPTIONS, undefined, { ip })).status).toBe(200);
    const limited = await client.post(SIGN_IN_OPTIONS, undefined, { ip });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await client.post(TOKEN, { challengeId: crypto.randomUUID(), response: { id: "a", rawId: "a", type: "public-key", response: { clientDataJSON: "e30", authenticatorData: "a", signature: "a" } } }, { ip })).status).toBe(429);
  });

  /** After direct SQL: the client for the current server (a PGlite world restarts it for that). */
  function currentClient(): Api {
    return restarted ? api(restarted.url) : world.client;
  }
});
