/**
 * Proving the account's address (OpenAPI document: POST /api/v1/auth/verify-email and
 * POST /api/v1/profile/email-verification; the /verify-email page and the profile call the same
 * functions). The link is sent at registration (inside the welcome e-mail), on every change of
 * address, and on request; it proves only the address it was sent to.
 */
import { recordActivity } from "@/lib/activity/activity";
import { toUserDto, type UserDto } from "./dto";
import { presentedLinkToken, spendLinkToken, voidLinkTokens } from "@/lib/links/link-tokens";
import { consumeAll, defineLimit, ONE_HOUR } from "@/lib/rate-limit/limiter";
import { getConfig } from "@/lib/env";
import { getDb } from "@/lib/db/client";
import type { DbTransaction } from "@/lib/db/types";
import { InvalidToken, NotFound } from "@/lib/errors";
import { enqueue } from "@/lib/jobs/enqueue";
import { QUEUES } from "@/lib/jobs/queues";
import type { VerifyEmailInput } from "./schemas";
import { limitIp, type RequestMeta } from "@/lib/http/request-meta";

/** Verification e-mails per account per hour (nothing secret: counted per instance while Redis is away). */
const verificationAccountLimit = defineLimit({
  name: "verify-account",
  points: () => getConfig().rateLimits.verificationEmailsPerAccount,
  durationSeconds: ONE_HOUR,
  whenDown: "count-per-instance",
});

async function consumeVerificationEmail(userId: number): Promise<void> {
  await consumeAll([[verificationAccountLimit, `user:${userId}`]], "Too many verification e-mails. Try again later.");
}

/** Enqueues the verification e-mail for the account's current address, in the caller's transaction. */
export async function enqueueVerificationEmail(tx: DbTransaction, user: { id: number; username: string; email: string }): Promise<void> {
  await enqueue(tx, QUEUES.sendEmail, {
    to: user.email,
    message: { template: "verify-email", username: user.username },
    link: { purpose: "EMAIL_VERIFICATION", userId: user.id },
  });
}

/** Marks the address the token was sent to as verified; every other verification token of the account is spent. */
export async function verifyEmail(input: VerifyEmailInput, meta: RequestMeta): Promise<UserDto> {
  const db = await getDb();
  const token = await presentedLinkToken(db, "EMAIL_VERIFICATION", input.token, limitIp(meta));
  const user = await db.$transaction(async (tx) => {
    if (!(await spendLinkToken(tx, token))) throw new InvalidToken();
    // Only while the account still has the address the link was sent to.
    const updated = await tx.user.updateMany({
      where: { id: token.userId, email: token.email },
      data: { emailVerifiedAt: new Date() },
    });
    if (updated.count !== 1) throw new InvalidToken();
    await voidLinkTokens(tx, token.userId, "EMAIL_VERIFICATION");
    await recordActivity(tx, { userId: token.userId, type: "email_verified", meta });
    return tx.user.findUniqueOrThrow({ where: { id: token.userId } });
  });
  return toUserDto(user);
}

/**
 * Sends a new verification link to the caller's address (rate-limited per account). An address
 * that is already verified gets nothing: there is nothing to prove, and the answer is the same.
 */
export async function resendVerificationEmail(userId: number): Promise<void> {
  await consumeVerificationEmail(userId);
  const db = await getDb();
  await db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId }, select: { id: true, username: true, email: true, emailVerifiedAt: true } });
    if (!user) throw new NotFound("This account no longer exists.");
    if (user.emailVerifiedAt) return;
    await enqueueVerificationEmail(tx, user);
  });
}
