/**
 * How long a revoked session must stay on the revoked list: until every token it could still present
 * has expired, plus the verifier's clock tolerance. The one place this arithmetic lives, for every
 * way a session ends (sign-out of a cookie or a device, refresh-token reuse).
 */
import { CLOCK_TOLERANCE_SECONDS } from "./tokens";

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
