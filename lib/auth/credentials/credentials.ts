/**
 * Checking a username-or-email and password: the one sign-in path shared by the API token endpoint
 * and the web app's NextAuth credentials provider.
 *
 * No user enumeration: an unknown login and a wrong password take the same path (a user lookup, a
 * bcrypt comparison, against a dummy hash when there is no user, and the same rate-limit reservation) and
 * end in the same 401.
 */
import { getDb } from "@/lib/db/client";
import { Unauthenticated } from "@/lib/errors";
import { log } from "@/lib/log";
import { recordActivity } from "@/lib/activity/activity";
import { deviceOf, issueDeviceToken } from "./device-tokens";
import { dummyPasswordHash, hashPassword, needsRehash, verifyPassword } from "./password";
import { loginKey, reserveSignInAttempt, signInFailed, signInSucceeded } from "./rate-limits";
import type { SignInInput } from "@/lib/auth/schemas";
import { limitIp, type RequestMeta } from "@/lib/http/request-meta";

export const WRONG_CREDENTIALS = "The username or email and password do not match an account.";

/**
 * Checks a sign-in. `presentedDeviceToken` is the client's device token (cookie or `deviceToken`),
 * if it has one: valid for this account, the attempt is limited on that device's own bucket
 * (rate-limits.ts). A successful sign-in returns a fresh device token for the client to keep.
 */
export async function verifyCredentials({ login, password }: SignInInput, meta: RequestMeta, presentedDeviceToken?: string | null) {
  const db = await getDb();
  const where = login.includes("@") ? { email: login.toLowerCase() } : { username: login };
  const user = await db.user.findUnique({ where });
  const accountKey = loginKey(login, user?.id ?? null);
  // Verified for unknown logins too (and found wanting), so both paths do the same work.
  const device = await deviceOf(presentedDeviceToken, user?.id ?? null);
  // Every attempt is counted as a failure up front; a right password takes the count back.
  const attempt = await reserveSignInAttempt(accountKey, limitIp(meta), device);

  // An account created through an identity provider has no password: it is checked against the
  // dummy hash like an unknown login (same work, same time, same 401), so the answer does not tell
  // that the account exists or how it signs in.
  const hash = user?.passwordHash ?? (await dummyPasswordHash());
  const matches = await verifyPassword(password, hash);
  if (!user || !user.passwordHash || !matches) {
    await signInFailed(attempt);
    // The account's activity log shows failed attempts at it (an unknown login has no account).
    if (user) await recordActivity(db, { userId: user.id, type: "sign_in_failed", meta });
    throw new Unauthenticated(WRONG_CREDENTIALS);
  }
  await signInSucceeded(attempt);
  if (needsRehash(user.passwordHash)) {
    // The configured bcrypt cost changed since this hash was made: upgrade it while we know the password.
    await db.user
      .update({ where: { id: user.id }, data: { passwordHash: await hashPassword(password) } })
      .catch((error) => log.warn("could not rehash password", { userId: user.id, error: String(error) }));
  }
  // deviceId: the presented device token's, null when the client is new to the account.
  return { user, deviceId: device, deviceToken: await issueDeviceToken(user.id) };
}
