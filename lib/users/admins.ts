/**
 * The rule that an installation always keeps at least one administrator. Changes that could remove
 * an admin (demotion, deletion by an admin, self-deletion) take a transaction-scoped advisory lock
 * first, so two such changes running at once cannot both see "another admin remains".
 */
import type { Db } from "@/lib/db/types";
import { Conflict } from "@/lib/errors";

const ADMIN_CHANGES_LOCK = 7_247_001;

/** Call inside a transaction before removing `userId`'s admin role or account. */
export async function assertNotLastAdmin(tx: Db, userId: number): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${ADMIN_CHANGES_LOCK})`;
  const user = await tx.user.findUnique({ where: { id: userId }, select: { role: true } });
  if (user?.role !== "ADMIN") return;
  const admins = await tx.user.count({ where: { role: "ADMIN" } });
  if (admins <= 1) {
    throw new Conflict("This is the last administrator. Make someone else an administrator first.");
  }
}
