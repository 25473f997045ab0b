/**
 * Security headers of the production build: pages get a strict Content-Security-Policy with a
 * fresh nonce per request (and every script on the page carries it); API answers get a policy
 * that allows nothing and are never cached; both get the static hardening headers.
 */
import { describe, expect, inject, it } from "vitest";
import { webSignInAttempt } from "../support/auth";
import { api, newUser, randomIp } from "../support/http";

const baseUrl = inject("baseUrl");
const client = api(baseUrl);

async function page(path: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${baseUrl}${path}`, { headers: { "x-forwarded-for": randomIp(), ...headers }, redirect: "manual" });
  return { status: response.status, headers: response.headers, html: await response.text() };
}

/** The directives of a CSP header: name -> source list. */
function directives(policy: string | null): Map<string, string[]> {
  expect(policy).toBeTruthy();
  return new Map(
    policy!
      .split(";")
      .map((part) => part.trim().split(/\s+/))
      .filter((words) => words[0])
      .map(([name, ...sources]) => [name!, sources]),
  );
}

function nonceOf(policy: string | null): string {
  const scripts = directives(policy).get("script-src")!;
  const nonces = scripts.filter((source) => source.startsWith("'nonce-"));
  expect(nonces).toHaveLength(1);
  return nonces[0]!.slice("'nonce-".length, -1);
}

function expectHardening(headers: Headers) {
  expect(headers.get("x-content-type-options")).toBe("nosniff");
  expect(headers.get("x-frame-options")).toBe("DENY");
  expect(headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
  const hsts = headers.get("strict-transport-security");
  expect(hsts).toMatch(/^max-age=(\d+); includeSubDomains$/);
  expect(Number(/max-age=(\d+)/.exec(hsts!)![1])).toBeGreaterThanOrEqual(365 * 24 * 3600);
  expect(headers.get("x-powered-by")).toBe(null);
}

describe("security headers", () => {
  it("give each page request a CSP with its own nonce, which every script on the page carries", async () => {
    const [first, second] = [await page("/"), await page("/")];
    expect(first.status).toBe(200);
    const [a, b] = [nonceOf(first.headers.get("content-security-policy")), nonceOf(second.headers.get("content-security-policy"))];
    expect(a).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(a).not.toBe(b);

    const scriptTags = first.html.match(/<script\b[^>]*>/g) ?? [];
    expect(scriptTags.length).toBeGreaterThan(0);
    for (const tag of scriptTags) expect(tag).toContain(`nonce="${a}"`);
    expect(first.html).not.toContain(`nonce="${b}"`);
  });

  it("use a strict policy on pages: nonce-only scripts, no inline script, no framing", async () => {
    for (const path of ["/", "/signin", "/register", "/no-such-page"]) {
      const response = await page(path);
      expect([200, 404]).toContain(response.status);
      const policy = directives(response.headers.get("content-security-policy"));
      const scripts = policy.get("script-src")!;
      expect(scripts).not.toContain("'unsafe-inline'");
      expect(scripts).not.toContain("'unsafe-eval'");
      expect(scripts).not.toContain("*");
      expect(policy.get("default-src")).toEqual(["'self'"]);
      expect(policy.get("frame-ancestors")).toEqual(["'none'"]);
      expect(policy.get("object-src")).toEqual(["'none'"]);
      expect(policy.get("base-uri")).toEqual(["'self'"]);
      expectHardening(response.headers);
    }
  });

  it("keep signed-in pages out of shared caches", async () => {
    const user = await newUser(client);
    const { cookie } = await webSignInAttempt(baseUrl, user.username, user.password);
    const signedIn = await page("/", { cookie: cookie! });
    expect(signedIn.html).toContain(user.username);
    expect(signedIn.headers.get("cache-control")).toMatch(/\bno-store\b/);
    expect(signedIn.headers.get("cache-control")).toMatch(/\bprivate\b/);
  });

  it("give API answers, success or error, a policy that allows nothing and no caching", async () => {
    const answers = [
      await client.get("/api/v1/health"),
      await client.get("/api/v1/profile"),
      await client.post("/api/v1/auth/register", {}),
      await client.post("/api/v1/auth/token", undefined, { raw: "{", contentType: "application/json" }),
      await client.get("/api/v1/no/such/route"),
    ];
    expect(answers.map((a) => a.status)).toEqual([200, 401, 400, 400, 404]);
    for (const answer of answers) {
      expect(answer.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'");
      expect(answer.headers.get("cache-control")).toBe("no-store");
      expect(answer.headers.get("content-type")).toMatch(/^application\/json/);
      expectHardening(answer.headers);
    }
  });

  it("keep NextAuth's own answers out of caches too", async () => {
    for (const path of ["/api/auth/csrf", "/api/auth/session"]) {
      const response = await fetch(`${baseUrl}${path}`, { headers: { "x-forwarded-for": randomIp() } });
      await response.body?.cancel();
      expect(response.status).toBe(200);
      expect(response.headers.get("cache-control")).toMatch(/\bno-store\b/);
      expect(response.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'");
    }
  });
});
