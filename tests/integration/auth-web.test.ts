/**
 * Web sessions through NextAuth's own routes (CSRF token, credentials callback, sign-out), and the
 * CSRF rule for cookie-authenticated API calls: a state-changing request riding on the session
 * cookie must come from the app's own origin; bearer calls need no Origin.
 */
import { beforeAll, describe, expect, inject, it } from "vitest";
import { csrf, expectUnauthenticated, parseSetCookies, webSignInAttempt, webSignOut } from "../support/auth";
import { api, newUser, randomIp, type TestUser, tokensFor } from "../support/http";

const baseUrl = inject("baseUrl");
const client = api(baseUrl);
const ownOrigin = new URL(baseUrl).origin;
const PROFILE = "/api/v1/profile";
const LOGOUT = "/api/v1/auth/logout";
/** What a TLS-terminating proxy in front of the app adds (the server trusts one proxy hop). */
const HTTPS_PROXY = { "x-forwarded-proto": "https", "x-forwarded-host": "keel.example.com" };

let user: TestUser;
beforeAll(async () => {
  user = await newUser(client);
});

async function signedIn(login = user.username, password = user.password): Promise<string> {
  const attempt = await webSignInAttempt(baseUrl, login, password);
  expect(attempt.status, JSON.stringify(attempt.body)).toBe(200);
  expect(attempt.cookie).toBeDefined();
  return attempt.cookie!;
}

async function headerUsername(cookie?: string): Promise<string | null> {
  const response = await fetch(`${baseUrl}/`, { headers: { "x-forwarded-for": randomIp(), ...(cookie ? { cookie } : {}) } });
  expect(response.status).toBe(200);
  const html = await response.text();
  // The link's visible text is the username; a visually hidden "Signed in as" prefix is for screen readers.
  const match = /<a[^>]*data-testid="header-username"[^>]*>(.*?)<\/a>/.exec(html);
  return match ? match[1]!.replace(/<span class="visually-hidden">[^<]*<\/span>/, "").replace(/<[^>]+>/g, "") : null;
}

describe("web sign-in (NextAuth credentials)", () => {
  it("signs in with the username or the email; the cookie opens the API and the page header shows the user", async () => {
    for (const login of [user.username, user.email.toUpperCase()]) {
      const cookie = await signedIn(login);
      const me = await client.get(PROFILE, { cookie });
      expect(me.status).toBe(200);
      expect(me.body).toEqual({
        user: { id: user.id, username: user.username, email: user.email, role: "USER", createdAt: expect.any(String), emailVerified: false, hasPassword: true, twoFactorEnabled: false },
        stats: { orderCount: 0 },
      });
      expect(await headerUsername(cookie)).toBe(user.username);
    }
    expect(await headerUsername()).toBe(null);
  });

  it("sets an HttpOnly, SameSite=Lax session cookie for the whole site (not Secure over plain http to localhost)", async () => {
    const attempt = await webSignInAttempt(baseUrl, user.username, user.password);
    const session = attempt.session!;
    expect(session.name).toBe("next-auth.session-token");
    expect(session.attributes.has("httponly")).toBe(true);
    expect(session.attributes.get("samesite")).toBe("Lax");
    expect(session.attributes.get("path")).toBe("/");
    expect(session.attributes.has("secure")).toBe(false);
    expect(session.attributes.has("domain")).toBe(false);
    const expires = Date.parse(session.attributes.get("expires")!);
    expect(expires - Date.now()).toBeGreaterThan(29 * 24 * 3600 * 1000);
  });

  it("uses a __Secure- cookie with Secure when the request came over https through the proxy", async () => {
    const attempt = await webSignInAttempt(baseUrl, user.username, user.password, { headers: HTTPS_PROXY });
    expect(attempt.status, JSON.stringify(attempt.body)).toBe(200);
    expect(attempt.body).toEqual({ url: "https://keel.example.com" });
    const session = attempt.session!;
    expect(session.name).toBe("__Secure-next-auth.session-token");
    expect(session.attributes.has("secure")).toBe(true);
    expect(session.attributes.has("httponly")).toBe(true);
    expect(session.attributes.get("samesite")).toBe("Lax");
    // NextAuth's CSRF cookie is host-bound too.
    expect([...attempt.jar.keys()]).toContain("__Host-next-auth.csrf-token");
    const me = await client.get(PROFILE, { cookie: attempt.cookie, headers: HTTPS_PROXY });
    expect(me.status).toBe(200);
    expect(me.body.user.id).toBe(user.id);
  });

  it("sets no session cookie for a wrong password or an unknown login", async () => {
    for (const [login, password] of [
      [user.username, `${user.password}x`],
      [`nobody_${user.username}`, user.password],
    ] as const) {
      const attempt = await webSignInAttempt(baseUrl, login, password);
      expect(attempt.status).toBe(401);
      expect(attempt.session).toBeUndefined();
      expect([...attempt.jar.keys()].filter((name) => name.includes("session-token"))).toEqual([]);
      expect(new URL(attempt.body.url).searchParams.get("error")).toBe("CredentialsSignin");
    }
  });

  it("refuses a sign-in without NextAuth's CSRF token", async () => {
    const response = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", "x-forwarded-for": randomIp() },
      body: new URLSearchParams({ login: user.username, password: user.password, json: "true" }),
      redirect: "manual",
    });
    await response.body?.cancel();
    expect(parseSetCookies(response.headers).filter((c) => c.name.includes("session-token") && c.value)).toEqual([]);
  });

  it("signs out through NextAuth: the same cookie value is rejected afterwards although it has not expired", async () => {
    const cookie = await signedIn();
    const other = await signedIn();
    expect((await client.get(PROFILE, { cookie })).status).toBe(200);

    const out = await webSignOut(baseUrl, cookie);
    expect(out.status).toBe(200);
    const cleared = out.cookies.find((c) => c.name === "next-auth.session-token");
    expect(cleared?.value).toBe("");

    expectUnauthenticated(await client.get(PROFILE, { cookie }));
    expect(await headerUsername(cookie)).toBe(null);
    const session = await fetch(`${baseUrl}/api/auth/session`, { headers: { cookie } });
    expect(await session.json()).toEqual({});
    // Only that browser: another sign-in of the same user is untouched.
    expect((await client.get(PROFILE, { cookie: other })).status).toBe(200);
  });

  it("does not sign out on a sign-out request without NextAuth's CSRF token", async () => {
    const cookie = await signedIn();
    const response = await fetch(`${baseUrl}/api/auth/signout`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie, "x-forwarded-for": randomIp() },
      body: new URLSearchParams({ json: "true" }),
      redirect: "manual",
    });
    await response.body?.cancel();
    expect((await client.get(PROFILE, { cookie })).status).toBe(200);
  });
});

describe("CSRF on cookie-authenticated API calls", () => {
  it("refuses a cross-site state change with the cookie (403) and does not sign out", async () => {
    const cookie = await signedIn();
    for (const headers of [
      { origin: "https://evil.example" },
      { origin: "null" },
      // Same host, other scheme: another origin.
      { origin: ownOrigin.replace("http://", "https://") },
      // No Origin at all: only the browser's own same-origin statement would do.
      {},
      { "sec-fetch-site": "cross-site" },
      { "sec-fetch-site": "same-site" },
    ] as Record<string, string>[]) {
      const response = await client.post(LOGOUT, undefined, { cookie, headers });
      expect({ headers, status: response.status, body: response.body }).toEqual({
        headers,
        status: 403,
        body: { error: { code: "forbidden", message: expect.any(String) } },
      });
      expect(response.headers.get("set-cookie")).toBe(null);
    }
    expect((await client.get(PROFILE, { cookie })).status).toBe(200);
    // Reading is not a state change: a cross-site GET gets the data (the browser's CORS rules keep it from the page).
    expect((await client.get(PROFILE, { cookie, origin: "https://evil.example" })).status).toBe(200);
  });

  it("accepts the same call from the app's own origin: 204, the cookie is cleared and rejected afterwards", async () => {
    for (const headers of [{ origin: ownOrigin }, { "sec-fetch-site": "same-origin" }] as Record<string, string>[]) {
      const cookie = await signedIn();
      const response = await client.post(LOGOUT, undefined, { cookie, headers });
      expect(response.status).toBe(204);
      const cleared = parseSetCookies(response.headers);
      expect(cleared.map((c) => [c.name, c.value, c.attributes.get("max-age")])).toEqual([
        ["__Secure-next-auth.session-token", "", "0"],
        ["next-auth.session-token", "", "0"],
      ]);
      expectUnauthenticated(await client.get(PROFILE, { cookie }));
    }
  });

  it("needs no Origin for bearer calls, and ignores a foreign one", async () => {
    const plain = await tokensFor(client, user);
    expect((await client.post(LOGOUT, undefined, { token: plain.accessToken })).status).toBe(204);
    const foreign = await tokensFor(client, user);
    expect((await client.post(LOGOUT, undefined, { token: foreign.accessToken, origin: "https://evil.example" })).status).toBe(204);
    expectUnauthenticated(await client.get(PROFILE, { token: foreign.accessToken }));
  });

  it("keeps NextAuth's CSRF token per browser: another browser's token does not sign this one out", async () => {
    const victim = await signedIn();
    const { csrfToken } = await csrf(baseUrl);
    const response = await fetch(`${baseUrl}/api/auth/signout`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie: victim, "x-forwarded-for": randomIp() },
      body: new URLSearchParams({ csrfToken, json: "true" }),
      redirect: "manual",
    });
    await response.body?.cancel();
    expect((await client.get(PROFILE, { cookie: victim })).status).toBe(200);
  });
});
