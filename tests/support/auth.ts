/**
 * Helpers for the authentication tests: the exact 401 body, a check that no secret ever leaves the
 * server, JWTs crafted the way the server derives its keys (to prove expiry, algorithm, key, type,
 * issuer and audience are all checked), and NextAuth web sign-in / sign-out attempts that report
 * what happened instead of throwing.
 */
import { hkdfSync, randomUUID } from "node:crypto";
import { SignJWT } from "jose";
import { expect } from "vitest";
import { type ApiResponse, randomIp } from "./http";
import { TEST_AUTH_SECRET } from "./server";

/** The one body every rejected credential gets from a protected route (OpenAPI document: 401 unauthenticated). */
export const UNAUTHENTICATED = { error: { code: "unauthenticated", message: "Sign in to continue." } } as const;

/** Asserts the exact 401 of the guard: status, body and the WWW-Authenticate challenge. */
export function expectUnauthenticated(response: ApiResponse, body: unknown = UNAUTHENTICATED): void {
  expect({ status: response.status, body: response.body }).toEqual({ status: 401, body });
  expect(response.headers.get("www-authenticate")).toMatch(/^Bearer( |$)/);
  expect(response.headers.get("cache-control")).toBe("no-store");
}

/**
 * No response may carry a password, a password hash or a refresh-token hash (the conventions in the OpenAPI document's description):
 * no key that names one anywhere in the body, and no bcrypt hash ($2a$/$2b$/$2y$) anywhere in it.
 */
export function expectNoSecrets(response: ApiResponse): void {
  const text = typeof response.body === "string" ? response.body : JSON.stringify(response.body ?? null);
  expect(text).not.toMatch(/\$2[aby]?\$\d\d\$/);
  const keys: string[] = [];
  const walk = (value: unknown, path: string) => {
    if (Array.isArray(value)) value.forEach((item) => walk(item, path));
    else if (value && typeof value === "object") {
      for (const [key, child] of Object.entries(value)) {
        // error.fields names the invalid request fields ("password": ["Use at least 8 characters."]).
        if (path !== "error.fields") keys.push(key);
        walk(child, path ? `${path}.${key}` : key);
      }
    }
  };
  walk(response.body, "");
  // `hasPassword` is the user DTO's boolean (whether the account has one), not a secret.
  expect(keys.filter((key) => key !== "hasPassword" && /password|hash|secret|pepper/i.test(key))).toEqual([]);
}

/** The access-token key exactly as lib/auth/tokens/keys.ts derives it from AUTH_SECRET. */
export function derivedKey(purpose: "access-token" | "session-cookie", secret = TEST_AUTH_SECRET): Uint8Array {
  return new Uint8Array(hkdfSync("sha256", secret, "keel", `keel/${purpose}/v1`, 32));
}

export interface CraftedClaims {
  sub: string;
  sv: number;
  sid: string;
  auth_time: number;
  /** Seconds since epoch. */
  exp: number;
}

export interface CraftOptions {
  key?: Uint8Array;
  typ?: string | null;
  issuer?: string | null;
  audience?: string | null;
}

/** An HS256 JWT with the access token's header and claims; each option swaps one property. */
export async function craftToken(claims: CraftedClaims, options: CraftOptions = {}): Promise<string> {
  const typ = options.typ === undefined ? "at+jwt" : options.typ;
  const header = typ === null ? { alg: "HS256" } : { alg: "HS256", typ };
  let jwt = new SignJWT({ sv: claims.sv, sid: claims.sid, auth_time: claims.auth_time })
    .setProtectedHeader(header)
    .setSubject(claims.sub)
    .setIssuedAt(Math.min(claims.exp - 60, Math.floor(Date.now() / 1000)))
    .setExpirationTime(claims.exp);
  const issuer = options.issuer === undefined ? "keel" : options.issuer;
  const audience = options.audience === undefined ? "keel-api" : options.audience;
  if (issuer !== null) jwt = jwt.setIssuer(issuer);
  if (audience !== null) jwt = jwt.setAudience(audience);
  return jwt.sign(options.key ?? derivedKey("access-token"));
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

/** An unsigned token (`alg: none`) with the given claims; `signature` fills the third part. */
export function unsignedToken(claims: CraftedClaims, signature = ""): string {
  const payload = { ...claims, iss: "keel", aud: "keel-api", iat: claims.exp - 900 };
  return `${b64({ alg: "none", typ: "at+jwt" })}.${b64(payload)}.${signature}`;
}

/** The decoded payload of a JWT (what any client can read). */
export function jwtPayload(token: string): Record<string, any> {
  return JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString("utf8"));
}

/** The claims of a real token, for crafting look-alikes of it. */
export function claimsOf(token: string): CraftedClaims {
  const { sub, sv, sid, auth_time, exp } = jwtPayload(token);
  return { sub, sv, sid, auth_time, exp };
}

/** The token with one payload claim changed and the original signature kept. */
export function withPayload(token: string, changes: Record<string, unknown>): string {
  const [header, , signature] = token.split(".");
  return `${header}.${b64({ ...jwtPayload(token), ...changes })}.${signature}`;
}

/**
 * The token with one character of part `part` (0 header, 1 payload, 2 signature) replaced. The
 * middle character is used: the last one of a base64url part may only carry padding bits.
 */
export function withCharChanged(token: string, part: 1 | 2): string {
  const parts = token.split(".");
  const text = parts[part]!;
  const index = Math.floor(text.length / 2);
  const replacement = text[index] === "A" ? "B" : "A";
  parts[part] = text.slice(0, index) + replacement + text.slice(index + 1);
  return parts.join(".");
}

export const randomSid = () => randomUUID();

// ---------------------------------------------------------------------------------------------
// NextAuth (web) sign-in and sign-out, as a browser does it.

export interface SetCookie {
  name: string;
  value: string;
  /** Attribute names and values, names lower-cased ("httponly" -> ""). */
  attributes: Map<string, string>;
}

export function parseSetCookies(headers: Headers): SetCookie[] {
  return headers.getSetCookie().map((line) => {
    const [pair, ...rest] = line.split(";");
    const index = pair!.indexOf("=");
    const attributes = new Map<string, string>();
    for (const attribute of rest) {
      const eq = attribute.indexOf("=");
      const name = (eq < 0 ? attribute : attribute.slice(0, eq)).trim().toLowerCase();
      attributes.set(name, eq < 0 ? "" : attribute.slice(eq + 1).trim());
    }
    return { name: pair!.slice(0, index).trim(), value: pair!.slice(index + 1).trim(), attributes };
  });
}

export interface WebOptions {
  ip?: string;
  /** Extra request headers on every request of the flow (e.g. x-forwarded-proto). */
  headers?: Record<string, string>;
}

export interface WebSignInAttempt {
  status: number;
  /** NextAuth's JSON answer ({ url }) to the credentials callback. */
  body: any;
  /** The session cookie set by the callback, if any. */
  session: SetCookie | undefined;
  /** "name=value" of the session cookie, for a Cookie header. */
  cookie: string | undefined;
  /** Every cookie the flow holds afterwards (csrf, callback url, session), as a Cookie header. */
  jar: Map<string, string>;
}

export async function csrf(baseUrl: string, options: WebOptions = {}, jar = new Map<string, string>()) {
  const headers = { "x-forwarded-for": options.ip ?? randomIp(), ...options.headers, cookie: cookieHeader(jar) };
  const response = await fetch(`${baseUrl}/api/auth/csrf`, { headers });
  for (const cookie of parseSetCookies(response.headers)) jar.set(cookie.name, cookie.value);
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  return { csrfToken, jar };
}

export const cookieHeader = (jar: Map<string, string>) => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");

/** NextAuth's credentials sign-in (CSRF token, then the callback), reporting whatever happened. */
/** A form POST to one of NextAuth's own routes, as its client makes it (JSON answer, no redirects followed). */
function postAuthForm(url: string, ip: string, jar: Map<string, string>, options: WebOptions, fields: Record<string, string>) {
  return fetch(url, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      "x-forwarded-for": ip,
      ...options.headers,
      cookie: cookieHeader(jar),
    },
    body: new URLSearchParams({ ...fields, json: "true" }),
    redirect: "manual",
  });
}

export async function webSignInAttempt(
  baseUrl: string,
  login: string,
  password: string,
  options: WebOptions = {},
): Promise<WebSignInAttempt> {
  const ip = options.ip ?? randomIp();
  const { csrfToken, jar } = await csrf(baseUrl, { ...options, ip });
  const response = await postAuthForm(`${baseUrl}/api/auth/callback/credentials`, ip, jar, options, { csrfToken, login, password });
  const cookies = parseSetCookies(response.headers);
  for (const cookie of cookies) jar.set(cookie.name, cookie.value);
  const session = cookies.find((c) => c.name.endsWith("next-auth.session-token") && c.value !== "");
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON: keep the text for the failure message.
  }
  return { status: response.status, body, session, cookie: session ? `${session.name}=${session.value}` : undefined, jar };
}

/** NextAuth's own sign-out (POST /api/auth/signout with its CSRF token), as the web app does it. */
export async function webSignOut(baseUrl: string, sessionCookie: string, options: WebOptions = {}) {
  const ip = options.ip ?? randomIp();
  const [name, value] = [sessionCookie.slice(0, sessionCookie.indexOf("=")), sessionCookie.slice(sessionCookie.indexOf("=") + 1)];
  const jar = new Map([[name, value]]);
  const { csrfToken } = await csrf(baseUrl, { ...options, ip }, jar);
  const response = await postAuthForm(`${baseUrl}/api/auth/signout`, ip, jar, options, { csrfToken });
  return { status: response.status, body: await response.json().catch(() => null), cookies: parseSetCookies(response.headers) };
}
