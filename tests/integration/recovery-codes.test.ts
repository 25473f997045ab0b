/**
 * Recovery codes after two-factor authentication is on (issue 31, item 8), over HTTP against a
 * server of its own wired to a real SMTP server: regenerating them (POST
 * /api/v1/profile/two-factor/recovery-codes) asks for the password or a current code, voids the old
 * codes at once, is recorded as activity and sends a security notice; signing in with a recovery
 * code sends a notice that says how many are left.
 */
import { Secret, TOTP } from "otpauth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testEngine } from "../support/engine";
import { type Api, newUser, randomIp, type TestUser, type Tokens, tokensFor } from "../support/http";
import { mailEnv, type MailWorld, startMailWorld, TEST_APP_URL } from "../support/mail-world";
import { type SmtpSink, startSmtpSink } from "../support/smtp-sink";

const engine = testEngine();

const TOKEN = "/api/v1/auth/token";
const TOKEN_2FA = "/api/v1/auth/token/two-factor";
const SETUP = "/api/v1/profile/two-factor/setup";
const ENABLE = "/api/v1/profile/two-factor/enable";
const REGENERATE = "/api/v1/profile/two-factor/recovery-codes";
const ACTIVITY = "/api/v1/profile/activity";
const REGENERATED = "New recovery codes for your Keel account";
const USED = "A recovery code was used to sign in to your Keel account";

function codeFor(secret: string, steps = 0): string {
  return new TOTP({ secret: Secret.fromBase32(secret), algorithm: "SHA1", digits: 6, period: 30 }).generate({ timestamp: Date.now() + steps * 30_000 });
}

describe(`recovery codes (${engine})`, () => {
  let sink: SmtpSink;
  let world: MailWorld;
  let client: Api;

  beforeAll(async () => {
    sink = await startSmtpSink();
    world = await startMailWorld(engine, mailEnv(sink));
    client = world.client;
  });

  afterAll(async () => {
    await world?.close();
    await sink?.stop();
  });

  async function withTwoFactor(): Promise<{ user: TestUser; tokens: Tokens; secret: string; codes: string[] }> {
    const user = await newUser(client);
    const tokens = await tokensFor(client, user);
    const setup = await client.post(SETUP, { password: user.password }, { token: tokens.accessToken });
    expect(setup.status).toBe(200);
    const enabled = await client.post(ENABLE, { code: codeFor(setup.body.secret) }, { token: tokens.accessToken });
    expect(enabled.status, JSON.stringify(enabled.body)).toBe(200);
    return { user, tokens, secret: setup.body.secret, codes: enabled.body.recoveryCodes };
  }

  /** A sign-in's second step with `code`; the status of the answer. */
  async function signInWith(user: TestUser, code: string): Promise<number> {
    const ip = randomIp();
    const first = await client.post(TOKEN, { login: user.username, password: user.password }, { ip });
    expect(first.body.error.code).toBe("mfa_required");
    return (await client.post(TOKEN_2FA, { mfaToken: first.body.error.mfaToken, code }, { ip })).status;
  }

  const activityTypes = async (token: string) => ((await client.get(`${ACTIVITY}?limit=100`, { token })).body.items as { type: string }[]).map((i) => i.type);

  it("regenerates with the password: old codes stop at once, the new ones work, activity and a notice", async () => {
    const { user, tokens, codes } = await withTwoFactor();
    const wrong = await client.post(REGENERATE, { password: "not the password at all" }, { token: tokens.accessToken });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.fields.password).toEqual(["The password is not correct."]);

    const regenerated = await client.post(REGENERATE, { password: user.password }, { token: tokens.accessToken });
    expect(regenerated.status, JSON.stringify(regenerated.body)).toBe(200);
    const fresh = regenerated.body.recoveryCodes as string[];
    expect(fresh).toHaveLength(10);
    expect(new Set(fresh).size).toBe(10);
    expect(fresh.filter((code) => codes.includes(code))).toEqual([]);

    // The old codes are void at once; a new one signs in.
    expect(await signInWith(user, codes[0]!)).toBe(401);
    expect(await signInWith(user, fresh[0]!)).toBe(200);

    expect(await activityTypes(tokens.accessToken)).toContain("recovery_codes_regenerated");
    const [notice] = await sink.waitFor((m) => m.to.includes(user.email.toLowerCase()) && m.subject === REGENERATED);
    expect(notice!.text).toContain(user.username);
    expect(notice!.text).toContain(`${TEST_APP_URL}/profile/security`);
    // A notice, never the codes themselves.
    for (const code of fresh) expect(notice!.text + notice!.html).not.toContain(code);
  });

  it("regenerates with a current code instead of the password; refuses neither, a used code and a recovery code", async () => {
    const { user, tokens, secret, codes } = await withTwoFactor();
    const neither = await client.post(REGENERATE, {}, { token: tokens.accessToken });
    expect(neither.status).toBe(400);
    expect(neither.body.error.code).toBe("validation_failed");
    // A recovery code is for a lost phone, not for minting new ones.
    const withRecovery = await client.post(REGENERATE, { code: codes[0] }, { token: tokens.accessToken });
    expect(withRecovery.status).toBe(400);
    expect(withRecovery.body.error.fields.code).toBeDefined();
    // The code that enabled it was spent; the next step's is accepted, once.
    const next = codeFor(secret, 1);
    const regenerated = await client.post(REGENERATE, { code: next }, { token: tokens.accessToken });
    expect(regenerated.status, JSON.stringify(regenerated.body)).toBe(200);
    expect((await client.post(REGENERATE, { code: next }, { token: tokens.accessToken })).status).toBe(400);
    expect(await signInWith(user, codes[1]!)).toBe(401);
    await sink.waitFor((m) => m.to.includes(user.email.toLowerCase()) && m.subject === REGENERATED);
  });

  it("is a conflict without two-factor authentication, and needs a signed-in user", async () => {
    const user = await newUser(client);
    const tokens = await tokensFor(client, user);
    const off = await client.post(REGENERATE, { password: user.password }, { token: tokens.accessToken });
    expect([off.status, off.body.error.code]).toEqual([409, "conflict"]);
    expect((await client.post(REGENERATE, { password: user.password })).status).toBe(401);
    // Hostile bodies are 400s, never 500s.
    for (const body of [{ password: 12 }, { code: "x".repeat(33) }, { password: "a", extra: 1 }, []]) {
      expect((await client.post(REGENERATE, body, { token: tokens.accessToken })).status).toBe(400);
    }
  });

  it("signing in with a recovery code sends a notice with how many are left; a TOTP sign-in sends none", async () => {
    const { user, secret, codes } = await withTwoFactor();
    expect(await signInWith(user, codes[3]!)).toBe(200);
    const [notice] = await sink.waitFor((m) => m.to.includes(user.email.toLowerCase()) && m.subject === USED);
    expect(notice!.text).toContain("9 recovery codes left");
    expect(notice!.text).not.toContain(codes[3]!);
    expect(await signInWith(user, codes[4]!)).toBe(200);
    const both = await sink.waitFor((m) => m.to.includes(user.email.toLowerCase()) && m.subject === USED, { count: 2 });
    expect(both.map((m) => m.text).some((text) => text.includes("8 recovery codes left"))).toBe(true);

    expect(await signInWith(user, codeFor(secret, 1))).toBe(200);
    await world.mailSettled();
    expect(sink.to(user.email.toLowerCase()).filter((m) => m.subject === USED)).toHaveLength(2);
  });
});
