/**
 * The one guard in front of every protected route: only a genuine, unexpired, unrevoked access
 * token of the right kind (or the web session cookie) gets through; everything else gets the same
 * 401 body with a `WWW-Authenticate: Bearer` challenge. Forged tokens are made with the server's
 * own key derivation (lib/auth/tokens/keys.ts) from the test server's AUTH_SECRET, and a control token
 * made the same way is accepted, so each rejection is caused by the one property that differs.
 */
import { beforeAll, describe, expect, inject, it } from "vitest";
import {
  claimsOf,
  type CraftedClaims,
  craftToken,
  derivedKey,
  expectUnauthenticated,
  jwtPayload,
  randomSid,
  unsignedToken,
  webSignInAttempt,
  withCharChanged,
  withPayload,
} from "../support/auth";
import { api, newUser, type TestUser, type Tokens, tokensFor } from "../support/http";

const baseUrl = inject("baseUrl");
const client = api(baseUrl);
const PROFILE = "/api/v1/profile";
const now = () => Math.floor(Date.now() / 1000);

let user: TestUser;
let tokens: Tokens;
let claims: CraftedClaims;
/** The web session cookie ("next-auth.session-token=<jwt>") of the same user. */
let cookie: string;

beforeAll(async () => {
  user = await newUser(client);
  tokens = await tokensFor(client, user);
  claims = claimsOf(tokens.accessToken);
  const web = await webSignInAttempt(baseUrl, user.username, user.password);
  expect(web.cookie).toBeDefined();
  cookie = web.cookie!;
});

const bearer = (token: string) => client.get(PROFILE, { token });
const authorization = (value: string, extra: { cookie?: string } = {}) =>
  client.get(PROFILE, { headers: { authorization: value }, ...extra });

describe("the guard", () => {
  it("accepts the real access token, and a token crafted with the server's key derivation (the control)", async () => {
    const real = await bearer(tokens.accessToken);
    expect(real.status).toBe(200);
    expect(real.body.user.id).toBe(user.id);
    const crafted = await bearer(await craftToken({ ...claims, exp: now() + 300 }));
    expect(crafted.status).toBe(200);
    expect(crafted.body).toEqual(real.body);
  });

  it("rejects an expired token", async () => {
    expectUnauthenticated(await bearer(await craftToken({ ...claims, exp: now() - 60 })));
  });

  it("rejects a token with one character of its payload or signature changed", async () => {
    expectUnauthenticated(await bearer(withCharChanged(tokens.accessToken, 1)));
    expectUnauthenticated(await bearer(withCharChanged(tokens.accessToken, 2)));
    // A well-formed payload naming someone else, or a later expiry, under the original signature.
    expectUnauthenticated(await bearer(withPayload(tokens.accessToken, { sub: String(user.id + 1) })));
    expectUnauthenticated(await bearer(withPayload(tokens.accessToken, { exp: jwtPayload(tokens.accessToken).exp + 3600 })));
  });

  it("rejects an unsigned token (alg: none), with or without a signature part", async () => {
    const live = { ...claims, exp: now() + 300 };
    expectUnauthenticated(await bearer(unsignedToken(live)));
    expectUnauthenticated(await bearer(unsignedToken(live, tokens.accessToken.split(".")[2])));
  });

  it("rejects a token signed with another key", async () => {
    const live = { ...claims, exp: now() + 300 };
    expectUnauthenticated(await bearer(await craftToken(live, { key: derivedKey("access-token", "another-secret-of-at-least-32-characters") })));
    // The raw AUTH_SECRET is not the key either: keys are derived per purpose.
    expectUnauthenticated(await bearer(await craftToken(live, { key: new TextEncoder().encode("keel-integration-tests-secret-0123456789abcdef") })));
  });

  it("rejects a token of the wrong type, audience or issuer, even when signed with the access key", async () => {
    const live = { ...claims, exp: now() + 300 };
    expectUnauthenticated(await bearer(await craftToken(live, { typ: "keel-session+jwt" })));
    expectUnauthenticated(await bearer(await craftToken(live, { typ: "JWT" })));
    expectUnauthenticated(await bearer(await craftToken(live, { typ: null })));
    expectUnauthenticated(await bearer(await craftToken(live, { audience: "keel-web" })));
    expectUnauthenticated(await bearer(await craftToken(live, { audience: null })));
    expectUnauthenticated(await bearer(await craftToken(live, { issuer: "someone-else" })));
    expectUnauthenticated(await bearer(await craftToken(live, { issuer: null })));
  });

  it("rejects a well-signed token whose user or session version does not match the database", async () => {
    const live = { ...claims, exp: now() + 300 };
    expectUnauthenticated(await bearer(await craftToken({ ...live, sub: "999999999" })));
    expectUnauthenticated(await bearer(await craftToken({ ...live, sv: live.sv + 1 })));
    expectUnauthenticated(await bearer(await craftToken({ ...live, sid: "not-a-uuid" })));
    expect((await bearer(await craftToken({ ...live, sid: randomSid() }))).status).toBe(200);
  });

  it("keeps web session cookies and access tokens apart", async () => {
    const cookieToken = cookie.slice(cookie.indexOf("=") + 1);
    expect((await client.get(PROFILE, { cookie })).status).toBe(200);
    // The session cookie's token as a bearer token: different key, typ and audience.
    expectUnauthenticated(await bearer(cookieToken));
    // A session token crafted with the session key but otherwise an access token: the key alone decides.
    expectUnauthenticated(await bearer(await craftToken({ ...claims, exp: now() + 300 }, { key: derivedKey("session-cookie") })));
    // And the other way round: an access token in the session cookie.
    expectUnauthenticated(await client.get(PROFILE, { cookie: `next-auth.session-token=${tokens.accessToken}` }));
    expectUnauthenticated(await client.get(PROFILE, { cookie: `__Secure-next-auth.session-token=${tokens.accessToken}` }));
  });

  it("answers malformed Authorization headers with the same 401, never falling back to the cookie", async () => {
    const values = [
      "Bearer",
      "Bearer ",
      "Basic xyz",
      "Basic dXNlcjpwYXNz",
      "Bearer a.b",
      "Bearer a.b.c",
      `Token ${tokens.accessToken}`,
      `Bearer ${tokens.accessToken} ${tokens.accessToken}`,
      `Bearer ${tokens.accessToken}x`,
      `Bearer ${"a".repeat(5000)}.${"b".repeat(5000)}.${"c".repeat(5000)}`,
    ];
    for (const value of values) {
      const response = await authorization(value, { cookie });
      expect(response.status, value.slice(0, 40)).toBe(401);
      expectUnauthenticated(response);
    }
  });

  it("answers a protected route without credentials with the same 401", async () => {
    expectUnauthenticated(await client.get(PROFILE));
    expectUnauthenticated(await client.get(PROFILE, { cookie: "next-auth.session-token=" }));
    expectUnauthenticated(await client.get(PROFILE, { cookie: "next-auth.session-token=garbage" }));
  });
});
