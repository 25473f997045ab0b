/**
 * Device tokens (OWASP, "Slow Down Online Guessing Attacks with Device Cookies"): a browser or app
 * that has signed in to an account holds a signed token naming that account. When it signs in
 * again, it is limited on a bucket of its own, so an attacker's guesses at the account (which come
 * without a valid token for it) cannot lock the owner out. See rate-limits.ts for the limits.
 *
 * The token is an HS256 JWT under its own key derived from AUTH_SECRET (keys.ts): `sub` is the
 * account, `jti` the device. It proves only "this client signed in to this account before"; it is
 * never a credential on its own. The web gets it as an HttpOnly cookie scoped to NextAuth's routes;
 * apps get it as `deviceToken` in the token response and send it back with the next sign-in.
 */
import { randomUUID } from "node:crypto";
import { jwtVerify, SignJWT } from "jose";
import { signingKey } from "@/lib/auth/tokens/keys";
import { MAX_DEVICE_TOKEN_LENGTH } from "@/lib/auth/schemas";

const ISSUER = "keel";
const AUDIENCE = "keel-device";
const TYP = "keel-device+jwt";

/** How long a device stays "known" without signing in again (each sign-in issues a fresh token). */
export const DEVICE_TOKEN_TTL_SECONDS = 365 * 24 * 60 * 60;

/** The web's device cookie, `__Secure-` prefixed when cookies are Secure (like the session cookie). */
export const DEVICE_COOKIE_NAMES = ["__Secure-keel.device", "keel.device"] as const;
/** The cookie is only needed by NextAuth's credentials callback. */
export const DEVICE_COOKIE_PATH = "/api/auth";


export async function issueDeviceToken(userId: number): Promise<string> {
  return new SignJWT({})
    .setProtectedHeader({ alg: "HS256", typ: TYP })
    .setSubject(String(userId))
    .setJti(randomUUID())
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + DEVICE_TOKEN_TTL_SECONDS)
    .sign(await signingKey("device-token"));
}

/** The device id of a valid token for `userId`, or null (wrong account, expired, tampered, absent). */
export async function deviceOf(token: string | undefined | null, userId: number | null): Promise<string | null> {
  if (!token || userId === null || token.length > MAX_DEVICE_TOKEN_LENGTH) return null;
  try {
    const { payload } = await jwtVerify(token, await signingKey("device-token"), {
      algorithms: ["HS256"],
      issuer: ISSUER,
      audience: AUDIENCE,
      typ: TYP,
      subject: String(userId),
      requiredClaims: ["jti", "exp"],
    });
    return typeof payload.jti === "string" && payload.jti.length <= 64 ? payload.jti : null;
  } catch {
    return null;
  }
}

/** The device token a browser sent with NextAuth's sign-in, from its Cookie header. */
export function deviceTokenFromCookies(cookieHeader: string | undefined | null, secure: boolean): string | undefined {
  if (!cookieHeader) return undefined;
  const name = secure ? DEVICE_COOKIE_NAMES[0] : DEVICE_COOKIE_NAMES[1];
  for (const part of cookieHeader.split(";")) {
    const index = part.indexOf("=");
    if (index > 0 && part.slice(0, index).trim() === name) return part.slice(index + 1).trim();
  }
  return undefined;
}

/** The Set-Cookie header value that gives a browser its device token. */
export function deviceCookie(token: string, secure: boolean): string {
  const name = secure ? DEVICE_COOKIE_NAMES[0] : DEVICE_COOKIE_NAMES[1];
  return [
    `${name}=${token}`,
    `Path=${DEVICE_COOKIE_PATH}`,
    `Max-Age=${DEVICE_TOKEN_TTL_SECONDS}`,
    "HttpOnly",
    "SameSite=Strict",
    ...(secure ? ["Secure"] : []),
  ].join("; ");
}
