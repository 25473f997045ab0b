/**
 * Forgotten passwords (OpenAPI document, Auth: POST /api/v1/auth/password-reset and /confirm; the
 * web pages /forgot-password and /reset-password call the same functions).
 */
import { recordActivity } from "@/lib/activity/activity";
import { presentedLinkToken, spendLinkToken, voidLinkTokens } from "@/lib/links/link-tokens";
import { consumeAll, defineLimit, hashedKey, ONE_HOUR } from "@/lib/rate-limit/limiter";
import { getConfig } from "@/lib/env";
import { hashPassword } from "@/lib/auth/credentials/password";
import { clearSignInFailures } from "@/lib/auth/credentials/rate-limits";
import { revokeAllSessions } from "@/lib/auth/sessions/session";
import { getDb } from "@/lib/db/client";
import { lockUser } from "@/lib/db/locks";
import { InvalidToken, ValidationFailed } from "@/lib/errors";
import { enqueue } from "@/lib/jobs/enqueue";
import { QUEUES } from "@/lib/jobs/queues";
import { RESEMBLES_ACCOUNT_MESSAGE, resemblesAccount } from "./password-resemblance";
import type { ConfirmPasswordResetInput, PasswordResetRequestInput } from "./schemas";
import { limitIp, type RequestMeta } from "@/lib/http/request-meta";

/**
 * Password-reset requests per address (whether or not an account has it, so the limit itself
 * reveals nothing) and per client IP, per hour. Nothing secret: counted per instance while Redis is away.
 */
const resetAddressLimit = defineLimit({
  name: "reset-address",
  points: () => getConfig().rateLimits.passwordResetsPerAddress,
  durationSeconds: ONE_HOUR,
  whenDown: "count-per-instance",
});
const resetIpLimit = defineLimit({
  name: "reset-ip",
  points: () => getConfig().rateLimits.passwordResetsPerIp,
  durationSeconds: ONE_HOUR,
  whenDown: "count-per-instance",
});

/** Hashed, so the store never holds the addresses people type (most of them may have no account). */
const addressKey = (email: string) => hashedKey(`email:${email.toLowerCase()}`);

/** Counts against the address and the client IP together, whatever the outcome, known address or not. */
async function consumePasswordResetRequest(email: string, ip: string): Promise<void> {
  await consumeAll(
    [
      [resetAddressLimit, addressKey(email)],
      [resetIpLimit, ip],
    ],
    "Too many password-reset requests. Try again later.",
  );
}

/**
 * Asks for a reset link. The answer never depends on whether the address has an account: both
 * take the same path (the rate limits, one lookup, one transaction) and only a known address gets
 * a job in that transaction, a single INSERT. The e-mail itself is sent by the job worker later,
 * never in this request, so neither its time nor its failure can show through.
 */
export async function requestPasswordReset(input: PasswordResetRequestInput, meta: RequestMeta): Promise<void> {
  await consumePasswordResetRequest(input.email, limitIp(meta));
  const db = await getDb();
  await db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { email: input.email }, select: { id: true, username: true, email: true, sessionVersion: true } });
    if (!user) return;
    await enqueue(tx, QUEUES.sendEmail, {
      to: user.email,
      message: { template: "password-reset", username: user.username },
      link: { purpose: "PASSWORD_RESET", userId: user.id, sessionVersion: user.sessionVersion },
    });
  });
}

/**
 * Sets a new password with a reset link's token: the token and every other outstanding reset token
 * of the account are spent, every session and token of the account is revoked, its sign-in lockout
 * is lifted, and its address gets a security notice. Following a link sent to the address also
 * proves the address, so an unverified one becomes verified.
 */
export async function resetPassword(input: ConfirmPasswordResetInput, meta: RequestMeta): Promise<void> {
  const db = await getDb();
  const token = await presentedLinkToken(db, "PASSWORD_RESET", input.token, limitIp(meta));

  const account = await db.user.findUnique({ where: { id: token.userId }, select: { username: true, email: true } });
  if (!account) throw new InvalidToken();
  // Registration's rule that needs the account; checked before the token is spent, so a refused
  // password can be corrected with the same link.
  if (resemblesAccount(input.newPassword, account)) {
    throw new ValidationFailed("The request is not valid.", { newPassword: [RESEMBLES_ACCOUNT_MESSAGE] });
  }
  const passwordHash = await hashPassword(input.newPassword);

  await db.$transaction(async (tx) => {
    // Under the user's lock, like sign-out and refresh, so nothing slips a session past the revocation.
    await lockUser(tx, token.userId);
    if (!(await spendLinkToken(tx, token))) throw new InvalidToken();
    const user = await tx.user.findUnique({ where: { id: token.userId }, select: { username: true, email: true, emailVerifiedAt: true } });
    // The address changed while the password was being hashed: the link no longer applies.
    if (!user || user.email.toLowerCase() !== token.email.toLowerCase()) throw new InvalidToken();
    await tx.user.update({
      where: { id: token.userId },
      data: { passwordHash, ...(user.emailVerifiedAt ? {} : { emailVerifiedAt: new Date() }) },
    });
    await revokeAllSessions(tx, token.userId);
    await voidLinkTokens(tx, token.userId, "PASSWORD_RESET");
    await recordActivity(tx, { userId: token.userId, type: "password_reset", meta });
    await enqueue(tx, QUEUES.sendEmail, {
      to: user.email,
      message: { template: "password-reset-done", username: user.username, at: new Date().toISOString() },
    });
  });
  // Whoever locked the account out by guessing, its owner can sign in with the new password now.
  await clearSignInFailures(token.userId);
}
