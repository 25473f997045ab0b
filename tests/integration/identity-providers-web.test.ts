/**
 * The web sign-in through an identity provider (NextAuth's OpenID Connect provider `oidc`, with
 * PKCE, state and nonce) against the real provider on loopback, over HTTP as a browser does it:
 * account creation and sign-in, the refusal of an existing e-mail, linking while signed in,
 * unlinking, and the session that results being an ordinary, revocable Keel session.
 * (e2e/identity-providers.spec.ts does the same through the pages in Chromium.)
 */
import { randomUUID } from "node:crypto";
import { describe, expect, inject, it } from "vitest";
import { expectUnauthenticated, webSignInAttempt } from "../support/auth";
import { api, newUser, randomIp, uniqueName } from "../support/http";
import { CookieBrowser, registerIdpAccount, webProviderSignIn } from "../support/oidc-provider";

const baseUrl = inject("baseUrl");
const engine = inject("engine");
const idp = inject("idp");
const client = api(baseUrl);
const origin = new URL(baseUrl).origin;
const IDENTITIES = "/api/v1/profile/identities";

async function idpAccount(email?: string) {
  const sub = `web-${randomUUID()}`;
  const name = uniqueName("web");
  const account = { sub, email: email ?? `${name}@idp.example`, email_verified: true, preferred_username: name };
  await registerIdpAccount(idp.issuer, account);
  return account;
}

const browser = () => new CookieBrowser({ "x-forwarded-for": randomIp() });

describe(`web sign-in through the OpenID Connect provider (${engine})`, () => {
  it("creates an account the first time and signs in to the same account the second time", async () => {
    const account = await idpAccount();
    const first = await webProviderSignIn(browser(), baseUrl, account.sub);
    expect(first.location.pathname).toBe("/profile");
    expect(first.cookie).toBeDefined();
    const profile = await client.get("/api/v1/profile", { cookie: first.cookie });
    expect(profile.status).toBe(200);
    expect(profile.body.user).toMatchObject({ email: account.email, username: account.preferred_username, hasPassword: false, emailVerified: true });

    const second = await webProviderSignIn(browser(), baseUrl, account.sub);
    expect((await client.get("/api/v1/profile", { cookie: second.cookie })).body.user.id).toBe(profile.body.user.id);
  });

  it("refuses an existing account's e-mail with the page that explains how to link it, and starts no session", async () => {
    const existing = await newUser(client);
    const account = await idpAccount(existing.email);
    const result = await webProviderSignIn(browser(), baseUrl, account.sub);
    expect(result.location.pathname).toBe("/signin");
    expect(Object.fromEntries(result.location.searchParams)).toMatchObject({ error: "IdentityEmailTaken", provider: "oidc" });
    expect(result.cookie).toBeUndefined();
    const page = await fetch(result.location);
    expect(await page.text()).toMatch(/already exists.*link/i);
  });

  it("links the provider to the signed-in account, which it signs in to from then on; unlinking ends that", async () => {
    const user = await newUser(client);
    const account = await idpAccount(user.email);
    const signedIn = await webSignInAttempt(baseUrl, user.username, user.password);
    const linking = browser();
    const [name, value] = [signedIn.cookie!.slice(0, signedIn.cookie!.indexOf("=")), signedIn.cookie!.slice(signedIn.cookie!.indexOf("=") + 1)];
    linking.jar(origin).set(name, value);

    const linked = await webProviderSignIn(linking, baseUrl, account.sub, { callbackUrl: `${baseUrl}/profile?linked=1` });
    expect(linked.location.pathname + linked.location.search).toBe("/profile?linked=1");
    // The browser is still in its own session, and the account now has the identity.
    const identities = await client.get(IDENTITIES, { cookie: linked.cookie });
    expect(identities.body.items).toEqual([expect.objectContaining({ provider: "oidc", subject: account.sub, email: user.email })]);
    expect((await client.get("/api/v1/profile", { cookie: signedIn.cookie })).status).toBe(200);

    // Another browser signs in through the provider: the same account.
    const viaProvider = await webProviderSignIn(browser(), baseUrl, account.sub);
    const profile = await client.get("/api/v1/profile", { cookie: viaProvider.cookie });
    expect([profile.body.user.id, profile.body.user.hasPassword]).toEqual([user.id, true]);

    // The account has a password, so the identity may go; then the provider no longer opens it.
    const unlinked = await client.delete(`${IDENTITIES}/${identities.body.items[0].id}`, undefined, { cookie: signedIn.cookie, origin });
    expect(unlinked.status).toBe(204);
    expect((await client.get(IDENTITIES, { cookie: signedIn.cookie })).body.items).toEqual([]);
    const refused = await webProviderSignIn(browser(), baseUrl, account.sub);
    expect(refused.location.searchParams.get("error")).toBe("IdentityEmailTaken");
  });

  it("will not link an identity that already belongs to another account", async () => {
    const account = await idpAccount();
    const owner = await webProviderSignIn(browser(), baseUrl, account.sub);
    const ownerId = (await client.get("/api/v1/profile", { cookie: owner.cookie })).body.user.id;
    const other = await newUser(client);
    const signedIn = await webSignInAttempt(baseUrl, other.username, other.password);
    const linking = browser();
    const cookie = signedIn.cookie!;
    linking.jar(origin).set(cookie.slice(0, cookie.indexOf("=")), cookie.slice(cookie.indexOf("=") + 1));
    const result = await webProviderSignIn(linking, baseUrl, account.sub);
    expect(result.location.pathname).toBe("/profile");
    expect(result.location.searchParams.get("identityError")).toBe("linked-elsewhere");
    expect((await client.get(IDENTITIES, { cookie })).body.items).toEqual([]);
    expect((await client.get("/api/v1/profile", { cookie: (await webProviderSignIn(browser(), baseUrl, account.sub)).cookie })).body.user.id).toBe(ownerId);
  });

  it("gives an ordinary session, which sign-out everywhere ends", async () => {
    const account = await idpAccount();
    const web = await webProviderSignIn(browser(), baseUrl, account.sub);
    expect((await client.get("/api/v1/profile", { cookie: web.cookie })).status).toBe(200);
    const loggedOut = await client.post("/api/v1/auth/logout", { allDevices: true }, { cookie: web.cookie, origin });
    expect(loggedOut.status).toBe(204);
    expectUnauthenticated(await client.get("/api/v1/profile", { cookie: web.cookie }));
  });

  it("a callback without the browser's state and PKCE cookies does not sign in", async () => {
    const account = await idpAccount();
    const attacker = browser();
    // The attacker starts a flow and stops at the provider's answer (code and state)...
    const keel = new URL(baseUrl).origin;
    const csrf = await attacker.request(`${baseUrl}/api/auth/csrf`);
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const started = await attacker.request(`${baseUrl}/api/auth/signin/oidc`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ csrfToken, callbackUrl: `${baseUrl}/profile`, json: "true" }).toString(),
    });
    const { url } = (await started.json()) as { url: string };
    const atCallback = (next: URL) => next.origin === keel;
    const first = await attacker.follow(url, (next) => next.pathname.startsWith("/interaction/") || atCallback(next));
    const callback = await attacker.loginAtProvider(first.url, account.sub, atCallback);
    expect(new URL(callback.url).pathname).toBe("/api/auth/callback/oidc");
    // ...and has a victim's browser (no state or PKCE cookies of that flow) open it.
    const victimBrowser = browser();
    const victim = await victimBrowser.follow(callback.url, (next) => !next.pathname.startsWith("/api/auth/"));
    expect(new URL(victim.url).searchParams.get("error")).toBeTruthy();
    expect([...victimBrowser.jar(keel).keys()].filter((name) => name.endsWith("session-token"))).toEqual([]);
  });
});
