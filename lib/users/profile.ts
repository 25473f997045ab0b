/** The signed-in user's own account (OpenAPI document, Profile). Every function acts on the caller's id only. */
import { recordActivity } from "@/lib/activity/activity";
import { confirmPassword } from "@/lib/auth/credentials/reauthenticate";
import { confirmPasskey } from "@/lib/auth/passkeys/reauthenticate";
import { hashPassword } from "@/lib/auth/credentials/password";
import { consumeAll, defineLimit, ONE_HOUR } from "@/lib/rate-limit/limiter";
import { getConfig } from "@/lib/env";
import { revokeAllSessions } from "@/lib/auth/sessions/session";
import { getDb } from "@/lib/db/client";
import { lockUser } from "@/lib/db/locks";
import { assertNoOrderInProgress, releaseOrdersOf } from "@/lib/payments/records";
import { voidLinkTokens } from "@/lib/links/link-tokens";
import { enqueue } from "@/lib/jobs/enqueue";
import { maskAddress } from "@/lib/mail/transport";
import { QUEUES } from "@/lib/jobs/queues";
import { NotFound, ValidationFailed } from "@/lib/errors";
import { assertNotLastAdmin } from "./admins";
import { RESEMBLES_ACCOUNT_MESSAGE, resemblesAccount } from "./password-resemblance";
import { toUserDto, type UserDto } from "./dto";
import type { SessionUser } from "@/lib/auth/sessions/session-user";
import { fragmentValue, sessionFragment } from "@/lib/auth/sessions/session-fragment";
import { z } from "zod";
import type { ChangePasswordInput, DeleteAccountInput, UpdateProfileInput } from "./schemas";
import { assertAvailable, withUniqueFields } from "./uniqueness";
import { enqueueVerificationEmail } from "./verification";
import { limitIp, type RequestMeta } from "@/lib/http/request-meta";

// Limits look alike (name, configured points, window) on purpose: each is declared beside the verb
// that enforces it (recovery.ts, register.ts), so its number is found where it applies.
/** Username and email changes per user and per client IP per hour (nothing secret: counted per instance while Redis is away). */
const identityUserLimit = defineLimit({
  name: "identity-user",
  points: () => getConfig().rateLimits.identityChangesPerUser,
  durationSeconds: ONE_HOUR,
  whenDown: "count-per-instance",
});
const identityIpLimit = defineLimit({
  name: "identity-ip",
  points: () => getConfig().rateLimits.identityChangesPerIp,
  durationSeconds: ONE_HOUR,
  whenDown: "count-per-instance",
});

/**
 * Counts one username/email change (any valid attempt, taken or not: a 409 tells whether a name
 * exists, so attempts are what must be bounded) against the user's and the client IP's budgets.
 */
async function consumeIdentityChange(userId: number, ip: string): Promise<void> {
  await consumeAll(
    [
      [identityUserLimit, `user:${userId}`],
      [identityIpLimit, ip],
    ],
    "Too many changes of username or email. Try again later.",
  );
}

export interface Profile {
  user: UserDto;
  stats: { orderCount: number };
}

/** All the user's orders (the profile's stats), readable in the session statement (the profile route preloads it). */
export const orderCountFragment = sessionFragment<number>({
  column: "order_count",
  sql: () => "(SELECT count(*)::int FROM orders o WHERE o.user_id = u.id)",
  values: () => [],
  parse: (raw) => z.int().nonnegative().parse(raw),
  read: async (userId) => (await getDb()).order.count({ where: { userId } }),
});

/** The caller's profile: the account as the session check read it (this request), and its numbers. */
export async function getProfile(user: SessionUser): Promise<Profile> {
  return { user: toUserDto(user), stats: { orderCount: await fragmentValue(user, orderCountFragment) } };
}

/**
 * Changes the username and/or address. Every attempt counts against the identity-change limits before
 * anything is looked up: a 409 says a name is taken, so unlimited attempts would list the accounts.
 * A new address is unverified: it gets a verification link, the previous address gets a security
 * notice, and links sent to the previous address stop working.
 */
export async function updateProfile(userId: number, input: UpdateProfileInput, meta: RequestMeta): Promise<UserDto> {
  await consumeIdentityChange(userId, limitIp(meta));
  const db = await getDb();
  await assertAvailable(db, input, userId);
  const user = await withUniqueFields(() =>
    db.$transaction(async (tx) => {
      const before = await tx.user.findUnique({ where: { id: userId }, select: { email: true } });
      if (!before) throw new NotFound("This account no longer exists.");
      const emailChanged = input.email !== undefined && input.email.toLowerCase() !== before.email.toLowerCase();
      const updated = await tx.user.update({
        where: { id: userId },
        data: { username: input.username, email: input.email, ...(emailChanged ? { emailVerifiedAt: null } : {}) },
      });
      if (emailChanged) {
        // Bound to the old address, they are void already; deleting them keeps the table small.
        await voidLinkTokens(tx, userId);
        await enqueueVerificationEmail(tx, updated);
        await enqueue(tx, QUEUES.sendEmail, {
          to: before.email,
          message: { template: "email-changed", username: updated.username, newAddress: maskAddress(updated.email), at: new Date().toISOString() },
        });
        await recordActivity(tx, { userId, type: "email_changed", meta });
      }
      return updated;
    }),
  );
  return toUserDto(user);
}

/**
 * Changes the password and revokes every session and token of the user issued before (all devices,
 * this one included). Returns the user's new session version, so a web caller can be given a fresh
 * cookie in the same response; a mobile app signs in again with the new password. The account's
 * address gets a security notice (enqueued in the same transaction as the change).
 */
export async function changePassword(userId: number, input: ChangePasswordInput, meta: RequestMeta) {
  const db = await getDb();
  const user = await confirmPassword(db, userId, input.currentPassword, meta, "currentPassword");
  // The rule registration applies in its schema; this schema cannot, as it does not know the account.
  if (resemblesAccount(input.newPassword, user)) {
    throw new ValidationFailed("The request is not valid.", { newPassword: [RESEMBLES_ACCOUNT_MESSAGE] });
  }
  const passwordHash = await hashPassword(input.newPassword);
  return db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: userId }, data: { passwordHash } });
    const sessionVersion = await revokeAllSessions(tx, userId);
    // A reset link asked for before the change must not undo it.
    await voidLinkTokens(tx, userId, "PASSWORD_RESET");
    await recordActivity(tx, { userId, type: "password_changed", meta });
    await enqueue(tx, QUEUES.sendEmail, {
      to: user.email,
      message: { template: "password-changed", username: user.username, at: new Date().toISOString() },
    });
    return { id: userId, sessionVersion };
  });
}

/**
 * Deletes the account in one transaction: its unpaid orders go, its paid ones stay as anonymous
 * records (lib/payments/records.ts); 409 while an order is paid or shipped. Its tokens stop working at once.
 * Confirmed with the password or a fresh answer of one of the account's passkeys (`requestHeaders`:
 * the origin that answer must come from).
 */
export async function deleteAccount(userId: number, input: DeleteAccountInput, meta: RequestMeta, requestHeaders: Headers): Promise<void> {
  const db = await getDb();
  if (input.passkey) await confirmPasskey(userId, input.passkey, meta, requestHeaders, "passkey");
  else await confirmPassword(db, userId, input.password ?? "", meta, "password");
  await db.$transaction(async (tx) => {
    await assertNotLastAdmin(tx, userId);
    // Under the user's lock: no order of theirs can become paid between the check and the delete.
    await lockUser(tx, userId);
    await assertNoOrderInProgress(tx, userId);
    await releaseOrdersOf(tx, userId);
    // Refresh tokens and revocations go with the user (ON DELETE CASCADE); kept orders lose their owner (SET NULL).
    await tx.user.delete({ where: { id: userId } });
    // Kept (no foreign key) for the administrators until the retention period ends.
    await recordActivity(tx, { userId, type: "account_deleted", meta });
  });
}
