/**
 * The web app's session: a NextAuth (JWT strategy) cookie whose content is Keel's own signed session
 * token (tokens.ts), so the same guard verifies cookies and bearer tokens. The lifetime is absolute,
 * counted from sign-in (SESSION_MAX_AGE_SECONDS); revocation is checked on every decode.
 */
import "server-only";
import { randomUUID } from "node:crypto";
import type { JWT, JWTDecodeParams, JWTEncodeParams } from "next-auth/jwt";
import { getConfig } from "@/lib/env";
import { SESSION_COOKIE_NAMES } from "./guard";
import { loadSessionUser } from "./session-user";
import { nowInSeconds, signToken, verifyToken } from "./tokens";

declare module "next-auth/jwt" {
  interface JWT {
    sv?: number;
    sid?: string;
    auth_time?: number;
  }
}

/** The claims NextAuth keeps for a user who just signed in. */
export function newWebSession(user: { id: number; sessionVersion: number }): JWT {
  return { sub: String(user.id), sv: user.sessionVersion, sid: randomUUID(), auth_time: nowInSeconds() };
}

export function webSessionExpiry(authTime: number): number {
  return authTime + getConfig().auth.sessionMaxAgeSeconds;
}

/** NextAuth's jwt.encode: Keel's session token instead of NextAuth's default JWE. */
export async function encodeWebSession({ token }: JWTEncodeParams): Promise<string> {
  if (!token?.sub || token.sv === undefined || !token.sid || !token.auth_time) return "";
  const claims = { userId: Number(token.sub), sessionVersion: token.sv, sessionId: token.sid, authTime: token.auth_time };
  return signToken("session", claims, webSessionExpiry(claims.authTime));
}

/** NextAuth's jwt.decode: null (so NextAuth clears the cookie) when the token is invalid or revoked. */
export async function decodeWebSession({ token }: JWTDecodeParams): Promise<JWT | null> {
  if (!token) return null;
  const claims = await verifyToken("session", token);
  const user = claims && (await loadSessionUser(claims));
  if (!claims || !user) return null;
  return { sub: String(user.id), name: user.username, sv: claims.sessionVersion, sid: claims.sessionId, auth_time: claims.authTime };
}

/** A Set-Cookie value carrying a session for `user`; used after a password change keeps the browser signed in. */
export async function webSessionCookie(
  user: { id: number; sessionVersion: number },
  secure: boolean,
): Promise<{ name: string; value: string; options: { httpOnly: true; sameSite: "lax"; path: "/"; secure: boolean; expires: Date } }> {
  const session = newWebSession(user);
  const value = await encodeWebSession({ token: session, secret: "", maxAge: 0 } as JWTEncodeParams);
  return {
    name: secure ? SESSION_COOKIE_NAMES[0] : SESSION_COOKIE_NAMES[1],
    value,
    options: { httpOnly: true, sameSite: "lax", path: "/", secure, expires: new Date(webSessionExpiry(session.auth_time!) * 1000) },
  };
}
