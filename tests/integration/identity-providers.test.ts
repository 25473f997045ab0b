/**
 * Sign-in through an identity provider, against a real OpenID Connect provider on loopback
 * (tests/support/oidc-provider.ts, started by the global setup): the mobile ID-token exchange with
 * real ID tokens, every way a token can be wrong (401), accounts created and found again, the 409
 * for an existing e-mail, the identities of the profile, and provider sessions revoked like others.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { exportJWK, generateKeyPair, importJWK, type JWK, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { startAdminWorld, type AdminWorld } from "../support/admin";
import { expectNoSecrets, expectUnauthenticated, withCharChanged } from "../support/auth";
import { api, newUser, randomIp, tokensFor, uniqueName } from "../support/http";
import { idpServerEnv, mobileIdToken, registerIdpAccount, type IdpInfo, type RunningIdp, startOidcProvider } from "../support/oidc-provider";

const baseUrl = inject("baseUrl");
const engine = inject("engine");
const idp = inject("idp");
const client = api(baseUrl);
const EXCHANGE = "/api/v1/auth/oidc/token";
const IDENTITIES = "/api/v1/profile/identities";
const INVALID = { error: { code: "unauthenticated", message: "The ID token is not valid. Sign in with the identity provider again." } };

/** A fresh account at the provider, and its subject. */
async function idpAccount(idpInfo: IdpInfo = idp, overrides: Partial<{ email: string; email_verified: boolean; name: string; preferred_username: string }> = {}) {
  const sub = `sub-${randomUUID()}`;
  const name = uniqueName("idp");
  const account = { sub, email: `${name}@idp.example`, email_verified: true, name: "Ada Lovelace", preferred_username: name, ...overrides };
  await registerIdpAccount(idpInfo.issuer, account);
  return account;
}

async function exchange(idToken: string, extra: Record<string, unknown> = {}, ip = randomIp(), baseClient = client) {
  return baseClient.post(EXCHANGE, { provider: "oidc", idToken, ...extra }, { ip });
}

/** An ID token signed with the provider's own key, with any claims and header (to change one thing at a time). */
async function forged(claims: Record<string, unknown>, options: { key?: JWK; kid?: string | null; alg?: string } = {}) {
  const jwk = options.key ?? idp.signingJwk;
  const now = Math.floor(Date.now() / 1000);
  const kid = options.kid === undefined ? jwk.kid : options.kid;
  return new SignJWT({ email: "forged@idp.example", email_verified: true, ...claims })
    .setProtectedHeader({ alg: options.alg ?? "RS256", ...(kid ? { kid } : {}) })
    .setIssuer((claims.iss as string) ?? idp.issuer)
    .setAudience((claims.aud as string) ?? idp.mobileClientId)
    .setSubject((claims.sub as string) ?? `sub-${randomUUID()}`)
    .setIssuedAt((claims.iat as number) ?? now)
    .setExpirationTime((claims.exp as number) ?? now + 600)
    .sign(await importJWK(jwk, options.alg ?? "RS256"));
}

async function otherKey(kid: string): Promise<JWK> {
  const { privateKey } = await generateKeyPair("RS256", { extractable: true });
  return { ...(await exportJWK(privateKey)), kid, alg: "RS256" };
}

describe(`mobile sign-in with an ID token (${engine})`, () => {
  it("creates an account on the first sign-in and signs in to the same account afterwards", async () => {
    const account = await idpAccount();
    const nonce = randomBytes(16).toString("base64url");
    const first = await exchange(await mobileIdToken(idp, account.sub, { nonce }), { nonce });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expectNoSecrets(first);
    expect(first.body).toMatchObject({ tokenType: "Bearer", accessToken: expect.any(String), refreshToken: expect.any(String) });
    expect(first.body.user).toMatchObject({
      username: account.preferred_username,
      email: account.email,
      emailVerified: true,
      hasPassword: false,
      role: "USER",
    });
    const profile = await client.get("/api/v1/profile", { token: first.body.accessToken });
    expect(profile.status).toBe(200);
    expect(profile.body.user.id).toBe(first.body.user.id);

    // Without a nonce this time: the nonce is checked only when the app sends one.
    const second = await exchange(await mobileIdToken(idp, account.sub));
    expect(second.status).toBe(200);
    expect(second.body.user.id).toBe(first.body.user.id);

    // An ordinary session: the refresh token works.
    const refreshed = await client.post("/api/v1/auth/refresh", { refreshToken: second.body.refreshToken });
    expect(refreshed.status).toBe(200);

    const identities = await client.get(IDENTITIES, { token: first.body.accessToken });
    expect(identities.status).toBe(200);
    expect(identities.body).toEqual({
      items: [{ id: expect.any(Number), provider: "oidc", subject: account.sub, email: account.email, createdAt: expect.any(String) }],
    });
  });

  it("marks the address verified only when the provider says email_verified: true, and makes the username unique", async () => {
    const taken = await newUser(client);
    const account = await idpAccount(idp, { email_verified: false, preferred_username: taken.username });
    const response = await exchange(await mobileIdToken(idp, account.sub));
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body.user.emailVerified).toBe(false);
    expect(response.body.user.username).not.toBe(taken.username);
    expect(response.body.user.username.toLowerCase()).toMatch(new RegExp(`^${taken.username.toLowerCase()}-\\d+$`));
  });

  it("derives a valid username from a name with spaces and accents", async () => {
    const account = await idpAccount(idp, { preferred_username: "", name: `Zoë O'Brien ${randomBytes(3).toString("hex")}` });
    const response = await exchange(await mobileIdToken(idp, account.sub));
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body.user.username).toMatch(/^Zoe_OBrien_[0-9a-f]{6}$/);
  });

  it("never links an existing account with the same e-mail: 409, and nothing is created", async () => {
    const existing = await newUser(client);
    const account = await idpAccount(idp, { email: existing.email.toUpperCase() });
    const response = await exchange(await mobileIdToken(idp, account.sub));
    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe("conflict");
    expect(response.body.error.message).toMatch(/sign in .* link/i);
    // The password account is untouched and has no identity.
    const tokens = await tokensFor(client, existing);
    expect((await client.get(IDENTITIES, { token: tokens.accessToken })).body).toEqual({ items: [] });
    expect(tokens.user.hasPassword).toBe(true);
  });

  it("creates one account when the same first sign-in arrives twice at once", async () => {
    const account = await idpAccount();
    const tokens = await Promise.all([mobileIdToken(idp, account.sub), mobileIdToken(idp, account.sub), mobileIdToken(idp, account.sub)]);
    const responses = await Promise.all(tokens.map((token) => exchange(token)));
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(new Set(responses.map((r) => r.body.user.id)).size).toBe(1);
  });
});

describe(`ID tokens that are refused with 401 (${engine})`, () => {
  const now = () => Math.floor(Date.now() / 1000);

  it("accepts a token forged the way the tests forge them when nothing is wrong (the baseline)", async () => {
    const response = await exchange(await forged({ email: `${uniqueName("base")}@idp.example` }));
    expect(response.status, JSON.stringify(response.body)).toBe(200);
  });

  it("a wrong signature: a real token with its signature changed, or signed by another key under the provider's kid", async () => {
    const account = await idpAccount();
    const real = await mobileIdToken(idp, account.sub);
    expectUnauthenticated(await exchange(withCharChanged(real, 2)), INVALID);
    expectUnauthenticated(await exchange(withCharChanged(real, 1)), INVALID);
    expectUnauthenticated(await exchange(await forged({}, { key: await otherKey(idp.signingJwk.kid!) })), INVALID);
  });

  it("a wrong issuer or audience", async () => {
    expectUnauthenticated(await exchange(await forged({ iss: `${idp.issuer}/other` })), INVALID);
    expectUnauthenticated(await exchange(await forged({ iss: "https://accounts.example.com" })), INVALID);
    expectUnauthenticated(await exchange(await forged({ aud: "someone-elses-client" })), INVALID);
    // Several audiences with ours among them, but issued to (azp) another client.
    const multi = await new SignJWT({ azp: "someone-elses-client" })
      .setProtectedHeader({ alg: "RS256", kid: idp.signingJwk.kid! })
      .setIssuer(idp.issuer)
      .setAudience([idp.mobileClientId, "someone-elses-client"])
      .setSubject(`sub-${randomUUID()}`)
      .setIssuedAt()
      .setExpirationTime("10m")
      .sign(await importJWK(idp.signingJwk, "RS256"));
    expectUnauthenticated(await exchange(multi), INVALID);
  });

  it("an expired token, one issued in the future, one issued too long ago", async () => {
    expectUnauthenticated(await exchange(await forged({ iat: now() - 300, exp: now() - 60 })), INVALID);
    expectUnauthenticated(await exchange(await forged({ iat: now() + 600, exp: now() + 1200 })), INVALID);
    expectUnauthenticated(await exchange(await forged({ iat: now() - 3600, exp: now() + 600 })), INVALID);
    // Within the clock tolerance it is still fine.
    expect((await exchange(await forged({ iat: now() - 60, exp: now() - 5, email: `${uniqueName("skew")}@idp.example` }))).status).toBe(200);
  });

  it("a nonce that differs from the one the app sent, or a token without one", async () => {
    const account = await idpAccount();
    const token = await mobileIdToken(idp, account.sub, { nonce: "the-apps-nonce" });
    expectUnauthenticated(await exchange(token, { nonce: "another-nonce" }), INVALID);
    expectUnauthenticated(await exchange(await mobileIdToken(idp, account.sub), { nonce: "the-apps-nonce" }), INVALID);
    expect((await exchange(token, { nonce: "the-apps-nonce" })).status).toBe(200);
  });

  it("an unknown kid (after refetching the provider's keys), and no kid with a foreign key", async () => {
    expectUnauthenticated(await exchange(await forged({}, { key: await otherKey(`unknown-${randomUUID()}`) })), INVALID);
    expectUnauthenticated(await exchange(await forged({}, { key: await otherKey("x"), kid: null })), INVALID);
  });

  it("alg none, and a symmetric algorithm", async () => {
    const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
    const claims = { iss: idp.issuer, aud: idp.mobileClientId, sub: `sub-${randomUUID()}`, iat: now(), exp: now() + 600, email: "none@idp.example" };
    expectUnauthenticated(await exchange(`${b64({ alg: "none" })}.${b64(claims)}.`), INVALID);
    expectUnauthenticated(await exchange(`${b64({ alg: "none", kid: idp.signingJwk.kid })}.${b64(claims)}.`), INVALID);
    const hs = await new SignJWT(claims).setProtectedHeader({ alg: "HS256", kid: idp.signingJwk.kid! }).sign(new TextEncoder().encode("a shared secret of 32 characters!!"));
    expectUnauthenticated(await exchange(hs), INVALID);
  });

  it("malformed requests are 400, never 500", async () => {
    for (const body of [{}, { provider: "oidc" }, { provider: "github", idToken: "a.b.c" }, { provider: "oidc", idToken: "not a jwt" }, { provider: "oidc", idToken: 42 }, { provider: "oidc", idToken: "a.b.c", extra: 1 }]) {
      const response = await client.post(EXCHANGE, body);
      expect(response.status, JSON.stringify(body)).toBe(400);
    }
    // Shaped like a JWT but not one: 401.
    expectUnauthenticated(await exchange("aaaa.bbbb.cccc"), INVALID);
  });

  it("is rate limited per client IP", async () => {
    const ip = randomIp();
    const statuses: number[] = [];
    for (let i = 0; i < 61; i++) statuses.push((await exchange("aaaa.bbbb.cccc", {}, ip)).status);
    expect(statuses.slice(0, 60).every((s) => s === 401)).toBe(true);
    const limited = await exchange("aaaa.bbbb.cccc", {}, ip);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    // Another client is not affected.
    expect((await exchange("aaaa.bbbb.cccc")).status).toBe(401);
  });
});

describe(`accounts without a password (${engine})`, () => {
  it("cannot sign in with any password: the same 401 as a wrong one", async () => {
    const account = await idpAccount();
    const signedIn = await exchange(await mobileIdToken(idp, account.sub));
    for (const login of [signedIn.body.user.username, account.email]) {
      const response = await client.post("/api/v1/auth/token", { login, password: "any password at all" });
      expect(response.status).toBe(401);
      expect(response.body).toEqual({ error: { code: "unauthenticated", message: "The username or email and password do not match an account." } });
    }
  });

  it("a password change explains that there is no password yet", async () => {
    const account = await idpAccount();
    const { body } = await exchange(await mobileIdToken(idp, account.sub));
    const response = await client.post("/api/v1/profile/password", { currentPassword: "whatever it is", newPassword: "a brand new passphrase" }, { token: body.accessToken });
    expect(response.status).toBe(400);
    expect(response.body.error.fields.currentPassword[0]).toMatch(/no password/i);
  });

  it("cannot unlink its last identity (409), nor anybody else's (404)", async () => {
    const account = await idpAccount();
    const { body } = await exchange(await mobileIdToken(idp, account.sub));
    const [identity] = (await client.get(IDENTITIES, { token: body.accessToken })).body.items;
    const last = await client.delete(`${IDENTITIES}/${identity.id}`, undefined, { token: body.accessToken });
    expect(last.status).toBe(409);
    expect(last.body.error.code).toBe("conflict");

    const stranger = await tokensFor(client, await newUser(client));
    expect((await client.delete(`${IDENTITIES}/${identity.id}`, undefined, { token: stranger.accessToken })).status).toBe(404);
    expect((await client.delete(`${IDENTITIES}/999999999`, undefined, { token: stranger.accessToken })).status).toBe(404);
    expect((await client.delete(`${IDENTITIES}/abc`, undefined, { token: stranger.accessToken })).status).toBe(404);
    expectUnauthenticated(await client.get(IDENTITIES));
    // Still linked, still signs in.
    expect((await client.get(IDENTITIES, { token: body.accessToken })).body.items).toHaveLength(1);
    expect((await exchange(await mobileIdToken(idp, account.sub))).status).toBe(200);
  });
});

describe(`sessions that came from a provider are revoked like any other (${engine})`, () => {
  it("sign out everywhere ends every session of the account", async () => {
    const account = await idpAccount();
    const phone = (await exchange(await mobileIdToken(idp, account.sub))).body;
    const tablet = (await exchange(await mobileIdToken(idp, account.sub))).body;
    expect((await client.post("/api/v1/auth/logout", { allDevices: true }, { token: phone.accessToken })).status).toBe(204);
    for (const token of [phone.accessToken, tablet.accessToken]) expectUnauthenticated(await client.get("/api/v1/profile", { token }));
    expect((await client.post("/api/v1/auth/refresh", { refreshToken: tablet.refreshToken })).status).toBe(401);
    // Signing in through the provider again works, to the same account.
    const again = await exchange(await mobileIdToken(idp, account.sub));
    expect([again.status, again.body.user.id]).toEqual([200, phone.user.id]);
  });

  describe("an administrator deletes the account", () => {
    let world: AdminWorld;
    let ownIdp: RunningIdp;

    beforeAll(async () => {
      ownIdp = await startOidcProvider({ webRedirectUris: ["http://127.0.0.1:9/api/auth/callback/oidc"] });
      world = await startAdminWorld(engine, idpServerEnv(ownIdp));
    });
    afterAll(async () => {
      await world?.close();
      await ownIdp?.close();
    });

    it("its provider sessions stop working at once, and its identity goes with it", async () => {
      const account = await idpAccount(ownIdp);
      const session = await exchange(await mobileIdToken(ownIdp, account.sub), {}, randomIp(), world.client);
      expect(session.status, JSON.stringify(session.body)).toBe(200);
      const deleted = await world.client.delete(`/api/v1/admin/users/${session.body.user.id}`, undefined, { token: world.adminTokens.accessToken });
      expect(deleted.status).toBe(204);
      expectUnauthenticated(await world.client.get("/api/v1/profile", { token: session.body.accessToken }));
      expect((await world.client.post("/api/v1/auth/refresh", { refreshToken: session.body.refreshToken })).status).toBe(401);
      // The identity went with the account: the next sign-in creates a new one.
      const again = await exchange(await mobileIdToken(ownIdp, account.sub), {}, randomIp(), world.client);
      expect(again.status).toBe(200);
      expect(again.body.user.id).not.toBe(session.body.user.id);
    });
  });
});
