/**
 * WebAuthn challenges: 32 random bytes the authenticator signs, handed out by the options routes and
 * spent by the answer. Kept in the database (both engines, every instance sees them), only as a
 * SHA-256 hash, for CHALLENGE_LIFETIME_SECONDS; an answer deletes its row in the same statement that
 * finds it, so two answers racing with one challenge cannot both pass.
 */
import "server-only";
import { createHash, randomUUID } from "node:crypto";
import { getDb } from "@/lib/db/client";

/** How long a challenge can be answered (API.md: 5 minutes); also the `timeout` the options carry. */
export const CHALLENGE_LIFETIME_SECONDS = 5 * 60;

export type ChallengePurpose = "registration" | "authentication";

const hashOf = (challenge: string) => createHash("sha256").update(challenge).digest("hex");

/**
 * Keeps the challenge of options just generated (base64url, as the options carry it; SimpleWebAuthn
 * draws it from the platform's CSPRNG); returns the id it is stored under.
 */
export async function storeChallenge(purpose: ChallengePurpose, userId: number | null, challenge: string): Promise<string> {
  const id = randomUUID();
  const db = await getDb();
  const now = new Date();
  // Expired challenges go as new ones come: the table holds at most five minutes of them.
  await db.passkeyChallenge.deleteMany({ where: { expiresAt: { lt: now } } });
  await db.passkeyChallenge.create({
    data: { id, challengeHash: hashOf(challenge), purpose, userId, expiresAt: new Date(now.getTime() + CHALLENGE_LIFETIME_SECONDS * 1000) },
  });
  return id;
}

/**
 * Spends the challenge an answer carries (its clientDataJSON's `challenge`): true when it was
 * issued for this purpose (and this user, or this id), is unexpired, and had not been spent.
 */
export async function spendChallenge(challenge: string, where: { purpose: ChallengePurpose; userId?: number; id?: string }): Promise<boolean> {
  const db = await getDb();
  const { count } = await db.passkeyChallenge.deleteMany({
    where: {
      challengeHash: hashOf(challenge),
      purpose: where.purpose,
      expiresAt: { gt: new Date() },
      ...(where.userId !== undefined ? { userId: where.userId } : {}),
      ...(where.id !== undefined ? { id: where.id } : {}),
    },
  });
  return count === 1;
}
