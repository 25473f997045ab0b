/**
 * The one guard for every protected route, server action and server component. It resolves the
 * caller from `Authorization: Bearer <access token>` or, when there is no Authorization header, from
 * the NextAuth session cookie, and answers with the same user or the same 401 either way.
 *
 * Cost per request: one HS256 verification (key derived once per process) and one indexed query
 * (session-user.ts), which also reads what the hot routes need. See docs/performance.md.
 */
import { Unauthenticated } from "@/lib/errors";
import { SESSION_COOKIE_NAMES } from "./session";
import type { FragmentRequest } from "./session-fragment";
import { loadSessionUser, type SessionUser } from "./session-user";
import { type SessionClaims, type TokenKindName, verifyToken } from "@/lib/auth/tokens/tokens";

export interface Caller {
  user: SessionUser;
  /** The session (device) this request belongs to. */
  sessionId: string;
  /** apiKey: `Bearer keel_sk_...` (lib/api-keys/authenticate.ts), limited to the key's scopes. */
  via: "bearer" | "cookie" | "apiKey";
  /** The API key the request came with (via "apiKey" only). */
  apiKey?: { id: number; scopes: readonly string[] };
  /** When the presented token expires (seconds since epoch). */
  tokenExpiresAt: number;
  /** When the user signed in on this device (seconds since epoch). */
  authTime: number;
}

export interface CredentialSource {
  authorization: string | null;
  /** Cookie name -> value. */
  cookie(name: string): string | undefined;
}

const BEARER = /^Bearer\s+([A-Za-z0-9\-_]+\.[A-Za-z0-9\-_]+\.[A-Za-z0-9\-_]+)\s*$/i;

async function resolve(kind: TokenKindName, token: string, via: Caller["via"], extras: readonly FragmentRequest[]): Promise<Caller> {
  const claims: SessionClaims | null = await verifyToken(kind, token);
  const user = claims && (await loadSessionUser(claims, extras));
  if (!claims || !user) throw new Unauthenticated();
  return { user, sessionId: claims.sessionId, via, tokenExpiresAt: claims.expiresAt, authTime: claims.authTime };
}

/**
 * The caller, null when the request carries no credentials, or Unauthenticated when they are bad.
 * `extras`: domain fragments the route needs besides the user, read in the same statement (session-fragment.ts).
 */
export async function authenticate(source: CredentialSource, extras: readonly FragmentRequest[] = []): Promise<Caller | null> {
  if (source.authorization !== null) {
    const match = BEARER.exec(source.authorization);
    if (!match) throw new Unauthenticated();
    return resolve("access", match[1]!, "bearer", extras);
  }
  for (const name of SESSION_COOKIE_NAMES) {
    const value = source.cookie(name);
    if (value) return resolve("session", value, "cookie", extras);
  }
  return null;
}

export function credentialsOf(request: Request): CredentialSource {
  const cookies = parseCookies(request.headers.get("cookie"));
  return { authorization: request.headers.get("authorization"), cookie: (name) => cookies.get(name) };
}

function parseCookies(header: string | null): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of header?.split(";") ?? []) {
    const index = part.indexOf("=");
    if (index < 0) continue;
    const name = part.slice(0, index).trim();
    if (!cookies.has(name)) cookies.set(name, part.slice(index + 1).trim());
  }
  return cookies;
}
