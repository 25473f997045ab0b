/** The signed-in user's own account (OpenAPI document, Profile). Every function acts on the caller's id only. */
import { confirmPassword } from "@/lib/auth/reauthenticate";
import { hashPassword } from "@/lib/auth/password";
import { revokeAllSessions } from "@/lib/auth/revocation";
import { getDb } from "@/lib/db/client";
import { enqueue } from "@/lib/jobs/enqueue";
import { QUEUES } from "@/lib/jobs/queues";
import { NotFound, ValidationFailed } from "@/lib/errors";
import { assertNotLastAdmin } from "./admins";
import { RESEMBLES_ACCOUNT_MESSAGE, resemblesAccount } from "./password-resemblance";
import { toUserDto, type UserDto } from "@/lib/auth/dto";
import type { ChangePasswordInput, DeleteAccountInput, UpdateProfileInput } from "./schemas";
import { assertAvailable, withUniqueFields } from "./uniqueness";

export interface Profile {
  user: UserDto;
  stats: { orderCount: number };
}

export async function getProfile(userId: number): Promise<Profile> {
  const db = await getDb();
  const user = await db.user.findUnique({
    where: { id: userId },
    select: { id: true, username: true, email: true, role: true, createdAt: true, _count: { select: { orders: true } } },
  });
  if (!user) throw new NotFound("This account no longer exists.");
  return { user: toUserDto(user), stats: { orderCount: user._count.orders } };
}

export async function updateProfile(userId: number, input: UpdateProfileInput): Promise<UserDto> {
  const db = await getDb();
  await assertAvailable(db, input, userId);
  const user = await withUniqueFields(() =>
    db.user.update({ where: { id: userId }, data: { username: input.username, email: input.email } }),
  );
  return toUserDto(user);
}

/**
 * Changes the password and revokes every session and token of the user issued before (all devices,
 * this one included). Returns the user's new session version, so a web caller can be given a fresh
 * cookie in the same response; a mobile app signs in again with the new password. The account's
 * address gets a security notice (enqueued in the same transaction as the change).
 */
export async function changePassword(userId: number, input: ChangePasswordInput, clientIp: string) {
  const db = await getDb();
  const user = await confirmPassword(db, userId, input.currentPassword, clientIp, "currentPassword");
  // The rule registration applies in its schema; this schema cannot, as it does not know the account.
  if (resemblesAccount(input.newPassword, user)) {
    throw new ValidationFailed("The request is not valid.", { newPassword: [RESEMBLES_ACCOUNT_MESSAGE] });
  }
  const passwordHash = await hashPassword(input.newPassword);
  return db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: userId }, data: { passwordHash } });
    const sessionVersion = await revokeAllSessions(tx, userId);
    await enqueue(tx, QUEUES.sendEmail, {
      to: user.email,
      message: { template: "password-changed", username: user.username, at: new Date().toISOString() },
    });
    return { id: userId, sessionVersion };
  });
}

/** Deletes the account and its orders in one transaction; its tokens stop working at once. */
export async function deleteAccount(userId: number, input: DeleteAccountInput, clientIp: string): Promise<void> {
  const db = await getDb();
  await confirmPassword(db, userId, input.password, clientIp, "password");
  await db.$transaction(async (tx) => {
    await assertNotLastAdmin(tx, userId);
    // Orders, refresh tokens and revocations go with the user (ON DELETE CASCADE).
    await tx.user.delete({ where: { id: userId } });
  });
}
