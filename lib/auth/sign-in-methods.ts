/**
 * The ways an account signs in: its password, its linked identity providers and its passkeys. One
 * rule for removing any of them: never the last one (an account nobody can sign in to is lost to
 * its owner; recovery by e-mail needs a password to reset to, which such an account may not have).
 */
import "server-only";
import type { Db } from "@/lib/db/types";
import { Conflict } from "@/lib/errors";

export const LAST_SIGN_IN_METHOD =
  "This is the last way to sign in to this account. Set a password (\"Forgot your password?\" on the sign-in page), link another provider or add a passkey first.";

/** How many ways `userId` has to sign in. */
export async function countSignInMethods(tx: Db, userId: number): Promise<number> {
  const [user, identities, passkeys] = await Promise.all([
    tx.user.findUnique({ where: { id: userId }, select: { passwordHash: true } }),
    tx.userIdentity.count({ where: { userId } }),
    tx.passkey.count({ where: { userId } }),
  ]);
  return (user?.passwordHash ? 1 : 0) + identities + passkeys;
}

/**
 * Throws 409 when removing one method would leave none. Call it under the user's row lock (lockUser),
 * so that two removals at the same moment cannot both see the other method still there.
 */
export async function requireAnotherSignInMethod(tx: Db, userId: number): Promise<void> {
  if ((await countSignInMethods(tx, userId)) <= 1) throw new Conflict(LAST_SIGN_IN_METHOD);
}
