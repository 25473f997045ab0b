/**
 * Asking a signed-in user for their password again before a sensitive change (password change,
 * account deletion). Wrong answers count toward the same per-account and per-IP limits as sign-in,
 * so a stolen session cannot be used to guess the password.
 */
import type { Db } from "@/lib/db/types";
import { NotFound, ValidationFailed } from "@/lib/errors";
import { verifyPassword } from "./password";
import { loginKey, reserveSignInAttempt, signInFailed, signInSucceeded } from "./rate-limits";
import { limitIp, type RequestMeta } from "@/lib/http/request-meta";

export const NO_PASSWORD_MESSAGE =
  "This account has no password yet: it signs in through an identity provider or with a passkey. Choose a password with \"Forgot your password?\" on the sign-in page first.";

export async function confirmPassword(db: Db, userId: number, password: string, meta: RequestMeta, field: string) {
  const user = await db.user.findUnique({ where: { id: userId } });
  if (!user) throw new NotFound("This account no longer exists.");
  // An account created through an identity provider (or left with passkeys only) has none to
  // confirm: it sets a first password through the reset link (which proves control of the address)
  // instead, or confirms a deletion with a passkey (lib/auth/passkeys/reauthenticate.ts).
  if (user.passwordHash === null) {
    throw new ValidationFailed(NO_PASSWORD_MESSAGE, { [field]: [NO_PASSWORD_MESSAGE] });
  }
  const passwordHash = user.passwordHash;
  // A signed-in session is not a device token: re-checks are limited like untrusted sign-ins.
  const attempt = await reserveSignInAttempt(loginKey("", user.id), limitIp(meta));
  if (!(await verifyPassword(password, passwordHash))) {
    await signInFailed(attempt);
    throw new ValidationFailed("The password is not correct.", { [field]: ["The password is not correct."] });
  }
  await signInSucceeded(attempt);
  return user;
}
