/**
 * Return addresses (issue 10, defect 1): whatever a client puts in `callbackUrl` or the registration
 * form's `$returnTo`, every place Keel sends a browser afterwards is on Keel's own origin, and no
 * value is a 500. Walked through every way in:
 * - the sign-in and registration pages, which send an already signed-in visitor straight on;
 * - the registration form's server action (posted as a browser without JavaScript posts it);
 * - NextAuth's own routes: the credentials sign-in callback, sign-out, and GET /api/auth/signin.
 *
 * "On the origin" is judged the way a browser judges it: the Location (or NextAuth's `url`) is
 * resolved with the WHATWG URL parser, which, like browsers, drops tab, CR and LF and reads `\` as
 * `/`. The raw value must also be printable ASCII, so no header can be split or refused by Node.
 */
import { beforeAll, describe, expect, inject, it } from "vitest";
import { cookieHeader, csrf, parseSetCookies } from "../support/auth";
import { type Api, api, newUser, randomIp, type TestUser, uniqueName, webSignIn } from "../support/http";

const baseUrl = inject("baseUrl");
const client: Api = api(baseUrl);
const host = new URL(baseUrl).host;

/** Return addresses an attacker would try (decoded values, as the server reads them). */
const ATTACKS: string[] = [
  // Scheme-relative and backslashes.
  "//evil.example/",
  "///evil.example/",
  "/\\evil.example/",
  "\\\\evil.example/",
  "\\/evil.example/",
  "/\\/evil.example/",
  // Control characters a browser drops or rejects: tab, LF, CR, form feed, NUL, and leading space.
  "/\t/evil.example/",
  "/\n/evil.example/",
  "/\r/evil.example/",
  "/\r\nSet-Cookie: x=1",
  "/\f/evil.example/",
  "/\u0000/evil.example/",
  "\t//evil.example/",
  " //evil.example/",
  // Encoded slashes and dots (stay on the origin, but must not be a 500).
  "/%2F/evil.example/",
  "/%5Cevil.example/",
  "/%2e%2e/%2e%2e/evil.example",
  // Other schemes.
  "javascript:alert(document.domain)",
  "JaVaScRiPt:alert(1)",
  "java\tscript:alert(1)",
  "data:text/html,<script>alert(1)</script>",
  "https:evil.example",
  "https://evil.example/",
  // Other hosts that look like ours, and userinfo.
  `http://${host}.evil.example/`,
  `http://${host}@evil.example/`,
  `http://evil.example\\@${host}/`,
  `http://evil.example#@${host}/`,
  // IDN: full-width letters and the ideographic full stop normalise to ASCII hosts.
  "//ｅｖｉｌ.example/",
  "//evil。example/",
  "https://xn--80ak6aa92e.com/",
  // Non-ASCII and oversize values on the origin itself (must not break the Location header).
  "/üñíçødé?q=ü#ü",
  "/\u202eevil",
  `/${"x".repeat(10_000)}`,
];

/** Everything the browser would be sent to must be Keel's own origin, and nothing a 5xx. */
function expectOnOrigin(status: number, location: string | null | undefined, attack: string) {
  const label = JSON.stringify(attack).slice(0, 80);
  expect(status, label).toBeLessThan(500);
  expect(typeof location, `${label}: no location`).toBe("string");
  expect(location, label).toMatch(/^[\x21-\x7e]*$/);
  expect(new URL(location!, baseUrl).origin, label).toBe(baseUrl);
}

async function pageRedirect(path: string, cookie?: string) {
  const response = await fetch(`${baseUrl}${path}`, { redirect: "manual", headers: { ...(cookie ? { cookie } : {}), "x-forwarded-for": randomIp() } });
  await response.arrayBuffer();
  return { status: response.status, location: response.headers.get("location") };
}

let user: TestUser;
let cookie: string;

beforeAll(async () => {
  user = await newUser(client);
  cookie = await webSignIn(baseUrl, user.username, user.password);
});

describe(`${ATTACKS.length} return-address attacks`, () => {
  it("the list is long enough to mean something", () => {
    expect(ATTACKS.length).toBeGreaterThanOrEqual(20);
  });

  it("GET /signin?callbackUrl= sends a signed-in visitor only to the app's own origin", async () => {
    for (const attack of ATTACKS) {
      const { status, location } = await pageRedirect(`/signin?callbackUrl=${encodeURIComponent(attack)}`, cookie);
      expect([303, 307, 308], JSON.stringify(attack).slice(0, 80)).toContain(status);
      expectOnOrigin(status, location, attack);
    }
  });

  it("GET /register?callbackUrl= sends a signed-in visitor only to the app's own origin", async () => {
    for (const attack of ATTACKS) {
      const { status, location } = await pageRedirect(`/register?callbackUrl=${encodeURIComponent(attack)}`, cookie);
      expect([303, 307, 308], JSON.stringify(attack).slice(0, 80)).toContain(status);
      expectOnOrigin(status, location, attack);
    }
  });

  it("the sign-in and registration pages hand signed-out visitors only same-origin return addresses", async () => {
    for (const attack of ATTACKS) {
      for (const page of ["/signin", "/register"]) {
        const response = await fetch(`${baseUrl}${page}?callbackUrl=${encodeURIComponent(attack)}`, { headers: { "x-forwarded-for": randomIp() } });
        const html = await response.text();
        expect(response.status, `${page} ${JSON.stringify(attack).slice(0, 80)}`).toBe(200);
        // The link to the other page carries the (already cleaned) return address on.
        const href = /href="\/(?:register|signin)\?callbackUrl=([^"]*)"/.exec(html)?.[1];
        expect(href, page).toBeDefined();
        const carried = decodeURIComponent(href!.replaceAll("&amp;", "&"));
        expectOnOrigin(200, carried, attack);
        expect(carried.startsWith("/") && !carried.startsWith("//")).toBe(true);
      }
    }
  });

  it("the registration form's server action redirects only to the app's own origin", async () => {
    const page = await (await fetch(`${baseUrl}/register`)).text();
    // The hidden fields React renders for a progressively enhanced form (action id, bound state).
    const hidden = [...page.matchAll(/<input type="hidden" name="([^"]+)"(?: value="([^"]*)")?\/>/g)]
      .map(([, name, value]) => [name!, (value ?? "").replaceAll("&quot;", '"').replaceAll("&amp;", "&")] as const)
      .filter(([name]) => name !== "$returnTo");
    expect(hidden.some(([name]) => name.startsWith("$ACTION"))).toBe(true);
    for (const attack of ATTACKS) {
      const form = new FormData();
      for (const [name, value] of hidden) form.append(name, value);
      const username = uniqueName("rt");
      form.append("$returnTo", attack);
      form.append("username", username);
      form.append("email", `${username}@example.com`);
      form.append("password", `a long and unusual passphrase ${username}`);
      // A fresh client address per registration: the per-IP registration limit is not what is tested.
      const response = await fetch(`${baseUrl}/register`, {
        method: "POST",
        body: form,
        redirect: "manual",
        headers: { origin: baseUrl, "x-forwarded-for": randomIp() },
      });
      await response.arrayBuffer();
      expect(response.status, JSON.stringify(attack).slice(0, 80)).toBe(303);
      expectOnOrigin(response.status, response.headers.get("location"), attack);
    }
  });

  it("NextAuth's credentials sign-in answers only same-origin callback URLs", async () => {
    for (const attack of ATTACKS) {
      const ip = randomIp();
      const { csrfToken, jar } = await csrf(baseUrl, { ip });
      const response = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookieHeader(jar), "x-forwarded-for": ip },
        body: new URLSearchParams({ csrfToken, login: user.username, password: user.password, callbackUrl: attack, json: "true" }),
        redirect: "manual",
      });
      const text = await response.text();
      expect(response.status, `${JSON.stringify(attack).slice(0, 80)}: ${text.slice(0, 200)}`).toBe(200);
      expectOnOrigin(response.status, JSON.parse(text).url, attack);
      // NextAuth remembers the callback URL in a cookie: that must be clean too.
      const remembered = parseSetCookies(response.headers).find((c) => c.name.endsWith("next-auth.callback-url"));
      if (remembered) expectOnOrigin(200, decodeURIComponent(remembered.value), attack);
    }
  });

  it("NextAuth's sign-out answers only same-origin callback URLs (and is never a 500)", async () => {
    for (const attack of ATTACKS) {
      const ip = randomIp();
      const { csrfToken, jar } = await csrf(baseUrl, { ip });
      const response = await fetch(`${baseUrl}/api/auth/signout`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookieHeader(jar), "x-forwarded-for": ip },
        body: new URLSearchParams({ csrfToken, callbackUrl: attack, json: "true" }),
        redirect: "manual",
      });
      const text = await response.text();
      expect(response.status, `${JSON.stringify(attack).slice(0, 80)}: ${text.slice(0, 200)}`).toBe(200);
      expectOnOrigin(response.status, JSON.parse(text).url, attack);
    }
  });

  it("GET /api/auth/signin?callbackUrl= redirects to the app's own sign-in page", async () => {
    for (const attack of ATTACKS) {
      const { status, location } = await pageRedirect(`/api/auth/signin?callbackUrl=${encodeURIComponent(attack)}`);
      expectOnOrigin(status, location, attack);
    }
  });
});

describe("ordinary return addresses still work", () => {
  it("keeps path, query and fragment of a same-origin address", async () => {
    const target = "/orders?limit=5#latest";
    expect((await pageRedirect(`/signin?callbackUrl=${encodeURIComponent(target)}`, cookie)).location).toBe(target);
    expect((await pageRedirect(`/register?callbackUrl=${encodeURIComponent(target)}`, cookie)).location).toBe(target);
    // An absolute URL on the app's own origin is the same place.
    expect((await pageRedirect(`/signin?callbackUrl=${encodeURIComponent(`${baseUrl}/orders`)}`, cookie)).location).toBe("/orders");
  });

  it("falls back to the profile for anything else", async () => {
    expect((await pageRedirect(`/signin?callbackUrl=${encodeURIComponent("//evil.example/")}`, cookie)).location).toBe("/profile");
  });
});
