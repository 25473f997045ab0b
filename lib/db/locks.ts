import "server-only";
import type { Db } from "./types";

/**
 * Takes the user's row lock for the rest of the transaction; false when the user does not exist.
 * Whatever must happen one at a time per user takes it first: sign-outs and token refreshes (so a
 * refresh can never slip a new token past a sign-out happening at the same moment) and placing an
 * order (so this user's orders are counted and priced one at a time).
 */
export async function lockUser(tx: Db, userId: number): Promise<boolean> {
  const rows = await tx.$queryRaw<{ id: number }[]>`SELECT id FROM users WHERE id = ${userId} FOR UPDATE`;
  return rows.length > 0;
}
