/**
 * The session lifecycle, for web cookies and API tokens alike: starting a session, refreshing it,
 * revoking it and computing when it ends, with the one specification of the session cookie. NextAuth
 * keeps the sign-in flow of the web form (nextauth.ts) and calls into this module to encode, decode
 * and end its sessions.
 *
 * Beneath it: tokens.ts signs and verifies (access tokens and the cookie's content), refresh-tokens.ts
 * stores and rotates refresh tokens, session-user.ts checks revocation on every request, guard.ts
 * resolves the caller.
 *
 * Session records (the `sessions` table, one row per signed-in session, for the account's session
 * list) are written by recordSessionStart, which every way of starting a session goes through; they
 * are not read to authenticate. Ending a session deletes its record.
 *
 * Revoking without reading the session table:
 * - one device: its session id goes on the revoked list (checked with the user row on every request)
 *   until all its tokens have expired, and its refresh-token family is revoked;
 * - every device: users.session_version is bumped, which invalidates every token and cookie issued
 *   before, and every refresh-token family is revoked.
 */
import "server-only";
import { randomUUID } from "node:crypto";
import { cookies, headers } from "next/headers";
import type { JWT, JWTDecodeParams, JWTEncodeParams } from "next-auth/jwt";
import { getDb } from "@/lib/db/client";
import { lockUser } from "@/lib/db/locks";
import type { Db } from "@/lib/db/types";
import { Unauthenticated } from "@/lib/errors";
import { getConfig } from "@/lib/env";
import { log } from "@/lib/log";
import { secureCookiesFor } from "@/lib/http/origin";
import { enqueue } from "@/lib/jobs/enqueue";
import { QUEUES } from "@/lib/jobs/queues";
import { recordActivity } from "@/lib/activity/activity";
import { verifyCredentials, WRONG_CREDENTIALS } from "@/lib/auth/credentials/credentials";
import { issueDeviceToken } from "@/lib/auth/credentials/device-tokens";
import { describeUserAgent } from "./user-agent";
import { type TokenResponse } from "@/lib/auth/dto";
import { toUserDto, type UserDtoSource } from "@/lib/users/dto";
import { consumeRefresh, findRefreshFamily, type IssuedRefreshToken, RefreshTokenReused, rotateRefreshToken, startRefreshFamily } from "./refresh-tokens";
import type { LogoutInput, SignInInput } from "@/lib/auth/schemas";
import { loadSessionUser } from "./session-user";
import { CLOCK_TOLERANCE_SECONDS, nowInSeconds, signToken, verifyToken } from "@/lib/auth/tokens/tokens";
import { limitIp, type RequestMeta } from "@/lib/http/request-meta";
import { completeSecondFactor, requireSecondFactor } from "@/lib/auth/two-factor/two-factor";

// ---------------------------------------------------------------------------------------------
// Session records: the one place a started session is written down.

export type SessionKind = "web" | "mobile";

export interface SessionStart {
  /** The session id the tokens carry: the web cookie's `sid`, a mobile sign-in's refresh-token family. */
  id: string;
  userId: number;
  kind: SessionKind;
  expiresAt: Date;
  /**
   * Set for a sign-in (not for the fresh cookie after registration or a password change): records
   * `sign_in`, and e-mails a notice when the client presented no device token for the account.
   */
  signIn?: { newDevice: boolean };
  /** The request that starts it (its IP and user agent are shown in the session list). */
  meta: RequestMeta;
}

/**
 * Records a session that has just started, in the caller's transaction. Every sign-in path (web
 * credentials, API tokens, the second factor, identity providers) and every fresh cookie goes
 * through here.
 */
export async function recordSessionStart(tx: Db, start: SessionStart): Promise<void> {
  const { meta } = start;
  await tx.session.create({
    data: { id: start.id, userId: start.userId, kind: start.kind, ip: meta.ip, userAgent: meta.userAgent, expiresAt: start.expiresAt },
  });
  if (!start.signIn) return;
  await recordActivity(tx, { userId: start.userId, type: "sign_in", meta });
  if (start.signIn.newDevice) {
    const user = await tx.user.findUnique({ where: { id: start.userId }, select: { email: true, username: true } });
    if (user) {
      await enqueue(tx, QUEUES.sendEmail, {
        to: user.email,
        message: {
          template: "new-device-sign-in",
          username: user.username,
          at: new Date().toISOString(),
          device: describeUserAgent(meta.userAgent),
          ip: meta.ip,
        },
      });
    }
  }
}

// ---------------------------------------------------------------------------------------------
// The session cookie: one specification for every place that reads or writes it.

/** NextAuth's cookie names: `__Secure-` prefixed over HTTPS, plain over http (development). */
export const SESSION_COOKIE_NAMES = ["__Secure-next-auth.session-token", "next-auth.session-token"] as const;

/** The cookie for a connection: its name and attributes. Its expiry is the session's (webSessionExpiry). */
function sessionCookieSpec(secure: boolean) {
  return {
    name: secure ? SESSION_COOKIE_NAMES[0] : SESSION_COOKIE_NAMES[1],
    options: { httpOnly: true, sameSite: "lax", path: "/", secure },
  } as const;
}

// ---------------------------------------------------------------------------------------------
// Web sessions: a NextAuth (JWT strategy) cookie whose content is Keel's own signed session token
// (tokens.ts), so the same guard verifies cookies and bearer tokens. The lifetime is absolute,
// counted from sign-in (SESSION_MAX_AGE_SECONDS); revocation is checked on every decode.

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

/**
 * Starts a recorded web session (NextAuth's jwt callback, after any sign-in provider succeeded):
 * the claims for the cookie. `signIn` is as for recordSessionStart.
 */
export async function startWebSession(user: { id: number; sessionVersion: number }, meta: RequestMeta, signIn?: { newDevice: boolean }): Promise<JWT> {
  const session = newWebSession(user);
  const db = await getDb();
  await db.$transaction((tx) =>
    recordSessionStart(tx, {
      id: session.sid!,
      userId: user.id,
      kind: "web",
      expiresAt: new Date(webSessionExpiry(session.auth_time!) * 1000),
      signIn,
      meta,
    }),
  );
  return session;
}

export function webSessionExpiry(authTime: number): number {
  return authTime + getConfig().auth.sessionMaxAgeSeconds;
}
/** Keel's session token for NextAuth's claims; "" when they are not a session. */
async function signWebSession(token: JWT | undefined): Promise<string> {
  if (!token?.sub || token.sv === undefined || !token.sid || !token.auth_time) return "";
  const claims = { userId: Number(token.sub), sessionVersion: token.sv, sessionId: token.sid, authTime: token.auth_time };
  return signToken("session", claims, webSessionExpiry(claims.authTime));
}

/** NextAuth's jwt.encode: Keel's session token instead of NextAuth's default JWE. */
export async function encodeWebSession({ token }: JWTEncodeParams): Promise<string> {
  return signWebSession(token);
}

/** NextAuth's jwt.decode: null (so NextAuth clears the cookie) when the token is invalid or revoked. */
export async function decodeWebSession({ token }: JWTDecodeParams): Promise<JWT | null> {
  if (!token) return null;
  const claims = await verifyToken("session", token);
  const user = claims && (await loadSessionUser(claims));
  if (!claims || !user) return null;
  return { sub: String(user.id), name: user.username, sv: claims.sessionVersion, sid: claims.sessionId, auth_time: claims.authTime };
}
/** A new session cookie for `user`: name, value and attributes (sign-up, password change). */
async function webSessionCookie(user: { id: number; sessionVersion: number }, secure: boolean, meta: RequestMeta) {
  const session = await startWebSession(user, meta);
  const spec = sessionCookieSpec(secure);
  const value = await signWebSession(session);
  return { name: spec.name, value, options: { ...spec.options, expires: new Date(webSessionExpiry(session.auth_time!) * 1000) } };
}

// The cookie is written two ways, from the same specification: on a Response (API route handlers)
// and through next/headers (server actions, which have no response object of their own).

/** A Set-Cookie header from the specification (a plain Response has no cookie API). */
function setCookieHeader(name: string, value: string, secure: boolean, lifetime: string): string {
  const { options } = sessionCookieSpec(secure);
  const sameSite = options.sameSite[0]!.toUpperCase() + options.sameSite.slice(1);
  return [`${name}=${value}`, `Path=${options.path}`, lifetime, ...(options.httpOnly ? ["HttpOnly"] : []), `SameSite=${sameSite}`, ...(options.secure ? ["Secure"] : [])].join("; ");
}

/** Clears the session cookie (both names) on an API response. */
export function clearSessionCookies(response: Response): Response {
  for (const name of SESSION_COOKIE_NAMES) {
    response.headers.append("set-cookie", setCookieHeader(name, "", name.startsWith("__Secure-"), "Max-Age=0"));
  }
  return response;
}

/** Puts a new session for `user` (after a password change) into an API response's cookies. */
export async function setSessionCookie(response: Response, user: { id: number; sessionVersion: number }, secure: boolean, meta: RequestMeta): Promise<Response> {
  const cookie = await webSessionCookie(user, secure, meta);
  response.headers.append("set-cookie", setCookieHeader(cookie.name, cookie.value, secure, `Expires=${cookie.options.expires.toUTCString()}`));
  return response;
}

/** From a server action: signs this browser in as `user` with a new session (after registration or a password change). */
export async function setWebSession(user: { id: number; sessionVersion: number }, meta: RequestMeta): Promise<void> {
  const cookie = await webSessionCookie(user, secureCookiesFor(await headers()), meta);
  (await cookies()).set(cookie.name, cookie.value, cookie.options);
}

/** From a server action: forgets this browser's session (the account is gone, so there is nothing to revoke). */
export async function clearWebSession(): Promise<void> {
  const store = await cookies();
  for (const name of SESSION_COOKIE_NAMES) {
    if (store.has(name)) store.set(name, "", { ...sessionCookieSpec(name.startsWith("__Secure-")).options, maxAge: 0 });
  }
}

// ---------------------------------------------------------------------------------------------
// API sessions (mobile clients): sign in for an access + refresh token pair, refresh, sign out.
// OpenAPI document, Auth: POST /api/v1/auth/token, /refresh, /logout.

export type TokenUser = UserDtoSource & { sessionVersion: number };

async function tokenResponse(user: TokenUser, refresh: IssuedRefreshToken, signedInAt: Date): Promise<TokenResponse> {
  const ttl = getConfig().auth.accessTokenTtlSeconds;
  const accessToken = await signToken(
    "access",
    {
      userId: user.id,
      sessionVersion: user.sessionVersion,
      sessionId: refresh.familyId,
      authTime: Math.floor(signedInAt.getTime() / 1000),
    },
    nowInSeconds() + ttl,
  );
  return {
    accessToken,
    tokenType: "Bearer",
    expiresIn: ttl,
    refreshToken: refresh.token,
    refreshExpiresIn: Math.floor((refresh.expiresAt.getTime() - Date.now()) / 1000),
    user: toUserDto(user),
  };
}

/**
 * Starts a recorded API session (a refresh-token family and its first access token) for a user
 * whose sign-in is complete (password and, when it is on, the second factor; or an identity
 * provider and the second factor), as read at the time (`user.sessionVersion`). Verifying takes a
 * while (bcrypt, or fetching an identity provider's keys): if the password was changed, the account
 * deleted, or every session signed out in that time, no session is started that survives it.
 * `newDevice`: the client presented no valid device token for the account (a notice is e-mailed).
 * Called directly only by sign-ins that are complete without a second factor (a passkey with user
 * verification, lib/auth/passkeys); the others go through signInVerifiedUser.
 */
export async function startTokenSession(
  user: TokenUser,
  meta: RequestMeta,
  { newDevice, refusal }: { newDevice: boolean; refusal: string },
): Promise<TokenResponse> {
  const refresh = await (await getDb()).$transaction(async (tx) => {
    await lockUser(tx, user.id);
    const current = await tx.user.findUnique({ where: { id: user.id }, select: { sessionVersion: true } });
    if (current?.sessionVersion !== user.sessionVersion) throw new Unauthenticated(refusal);
    const started = await startRefreshFamily(tx, user.id);
    await recordSessionStart(tx, { id: started.familyId, userId: user.id, kind: "mobile", expiresAt: started.expiresAt, signIn: { newDevice }, meta });
    return started;
  });
  return { ...(await tokenResponse(user, refresh, refresh.createdAt)), deviceToken: await issueDeviceToken(user.id) };
}

/**
 * The API sign-in with a verified user, for every first factor (a password, an identity provider's
 * ID token): a session, or 401 mfa_required with an `mfaToken` when the account has 2FA on.
 */
export async function signInVerifiedUser(
  user: TokenUser & { twoFactorEnabledAt: Date | null },
  deviceId: string | null,
  meta: RequestMeta,
  refusal = WRONG_CREDENTIALS,
): Promise<TokenResponse> {
  await requireSecondFactor({ user, deviceId });
  return startTokenSession(user, meta, { newDevice: deviceId === null, refusal });
}

export async function signInForTokens(input: SignInInput, meta: RequestMeta): Promise<TokenResponse> {
  const { user, deviceId } = await verifyCredentials(input, meta, input.deviceToken);
  return signInVerifiedUser(user, deviceId, meta);
}

/** The second step of an API sign-in with 2FA: POST /api/v1/auth/token/two-factor. */
export async function signInWithSecondFactor(input: { mfaToken: string; code: string }, meta: RequestMeta): Promise<TokenResponse> {
  const { user, deviceId } = await completeSecondFactor(input.mfaToken, input.code, meta);
  return startTokenSession(user, meta, { newDevice: deviceId === null, refusal: WRONG_CREDENTIALS });
}

export async function refreshTokens(refreshToken: string, meta: RequestMeta): Promise<TokenResponse> {
  await consumeRefresh(limitIp(meta));
  const until = () => revokeUntil({ via: "refresh" }, getConfig().auth.accessTokenTtlSeconds);
  const rotated = await rotateRefreshToken(refreshToken, (tx, family) =>
    revokeSession(tx, { sessionId: family.familyId, userId: family.userId, until: until() }),
  ).catch((error: unknown) => {
    if (error instanceof RefreshTokenReused) {
      log.warn("refresh token reused; revoked its family", { userId: error.userId, family: error.familyId });
    }
    throw error;
  });
  // "Last seen" moves on refresh (never on an ordinary request), with where the app is now.
  await (await getDb()).session.updateMany({
    where: { id: rotated.familyId, userId: rotated.userId },
    data: { lastSeenAt: new Date(), expiresAt: rotated.expiresAt, ip: meta.ip, userAgent: meta.userAgent },
  });
  // The session version read under the row lock: a concurrent sign-out everywhere revokes this token.
  return tokenResponse(rotated.user, rotated, rotated.signedInAt);
}

/**
 * Signs out the presented session (the caller's, and the refresh token's family when one is sent),
 * or every session of the user with `allDevices`. A refresh token alone is enough, so an app whose
 * access token has expired can still sign out; a refresh token of another user is ignored.
 */
export async function signOutSessions(input: LogoutInput, meta: RequestMeta): Promise<void> {
  const { caller } = meta;
  const db = await getDb();
  const family = input.refreshToken ? await findRefreshFamily(db, input.refreshToken) : null;
  const userId = caller?.user.id ?? family?.userId;
  if (userId === undefined) throw new Unauthenticated();

  if (input.allDevices) {
    // Ending every session needs a live credential. A spent, revoked or expired refresh token
    // proves nothing any more; accepting it let anyone with an old copy end the user's newer
    // sessions again and again.
    if (!caller && !family?.live) throw new Unauthenticated("The refresh token is not valid. Sign in again.");
    await db.$transaction(async (tx) => {
      await revokeAllSessions(tx, userId);
      await recordActivity(tx, { userId, type: "sign_out", meta });
    });
    return;
  }
  const accessTtl = getConfig().auth.accessTokenTtlSeconds;
  await db.$transaction(async (tx) => {
    await lockUser(tx, userId);
    // An API key never gets here (sign-out declares no key scope); the check narrows the type.
    if (caller && caller.via !== "apiKey") {
      const until = revokeUntil({ via: caller.via, expiresAt: caller.tokenExpiresAt }, accessTtl);
      await revokeSession(tx, { sessionId: caller.sessionId, userId, until });
    }
    if (family && family.userId === userId && family.familyId !== caller?.sessionId) {
      await revokeSession(tx, { sessionId: family.familyId, userId, until: revokeUntil({ via: "refresh" }, accessTtl) });
    }
    await recordActivity(tx, { userId, type: "sign_out", meta });
  });
}

// ---------------------------------------------------------------------------------------------
// Revocation, and when a session ends.

/** What is known about the session being revoked: the credential presented, with its expiry in seconds. */
export type RevokedCredential =
  /** A web cookie: its expiry is the session's end (absolute lifetime from sign-in). */
  | { via: "cookie"; expiresAt: number }
  /** A device's access token: a later refresh may have issued a newer one, valid one lifetime from now. */
  | { via: "bearer"; expiresAt: number }
  /** Only the refresh-token family is known: its newest access token is at most one lifetime old. */
  | { via: "refresh" };

/** When the session's last token expires. */
export function revokeUntil(credential: RevokedCredential, accessTokenTtlSeconds: number, now = Date.now()): Date {
  if (credential.via === "cookie") return new Date(credential.expiresAt * 1000);
  const newestAccessTokenExpiry = now + accessTokenTtlSeconds * 1000;
  if (credential.via === "refresh") return new Date(newestAccessTokenExpiry);
  return new Date(Math.max(credential.expiresAt * 1000, newestAccessTokenExpiry));
}

/** When the revoked-list entry may go: a token is still accepted this long past its `exp`. */
export function revocationEntryExpiry(until: Date): Date {
  return new Date(until.getTime() + CLOCK_TOLERANCE_SECONDS * 1000);
}

/**
 * `until` is when the session's last token expires. The entry is kept for the verifier's clock
 * tolerance beyond that, because a token is still accepted that long past its `exp`.
 */
export async function revokeSession(db: Db, session: { sessionId: string; userId: number; until: Date }): Promise<void> {
  const now = new Date();
  const expiresAt = revocationEntryExpiry(session.until);
  // Revoking what is already revoked is success. Prisma's upsert is a read then a write, so two
  // concurrent revocations of one session (parallel reuses of a refresh token, or a reuse racing a
  // sign-out) could both try the insert and one failed on the key: a 500. One statement cannot race.
  await db.$executeRaw`
    INSERT INTO revoked_sessions (session_id, user_id, expires_at)
    VALUES (${session.sessionId}::uuid, ${session.userId}, ${expiresAt}::timestamptz)
    ON CONFLICT (session_id) DO NOTHING`;
  await db.refreshToken.updateMany({
    where: { familyId: session.sessionId, userId: session.userId, revokedAt: null },
    data: { revokedAt: now },
  });
  // Entries whose tokens have all expired protect nothing any more.
  await db.revokedSession.deleteMany({ where: { expiresAt: { lt: now } } });
  // An ended session leaves the account's session list.
  await db.session.deleteMany({ where: { id: session.sessionId, userId: session.userId } });
}

/** Signs the user out everywhere; returns the new session version. */
export async function revokeAllSessions(db: Db, userId: number): Promise<number> {
  const user = await db.user.update({
    where: { id: userId },
    data: { sessionVersion: { increment: 1 } },
    select: { sessionVersion: true },
  });
  await db.refreshToken.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: new Date() } });
  await db.session.deleteMany({ where: { userId } });
  return user.sessionVersion;
}
