/**
 * Revoking sessions without a session table:
 * - one device: its session id goes on the revoked list (checked with the user row on every request)
 *   until all its tokens have expired, and its refresh-token family is revoked;
 * - every device: users.session_version is bumped, which invalidates every token and cookie issued
 *   before, and every refresh-token family is revoked.
 */
import type { Db } from "@/lib/db/types";
import { CLOCK_TOLERANCE_SECONDS } from "./tokens";

/**
 * `until` is when the session's last token expires. The entry is kept for the verifier's clock
 * tolerance beyond that, because a token is still accepted that long past its `exp`.
 */
export async function revokeSession(db: Db, session: { sessionId: string; userId: number; until: Date }): Promise<void> {
  const now = new Date();
  const expiresAt = new Date(session.until.getTime() + CLOCK_TOLERANCE_SECONDS * 1000);
  // Revoking what is already revoked is success. Prisma's upsert is a read then a write, so two
  // concurrent revocations of one session (parallel reuses of a refresh token, or a reuse racing a
  // sign-out) could both try the insert and one failed on the key: a 500. One statement cannot race.
  await db.$executeRaw`
    INSERT INTO revoked_sessions (session_id, user_id, expires_at)
    VALUES (${session.sessionId}::uuid, ${session.userId}, ${expiresAt}::timestamptz)
    ON CONFLICT (session_id) DO NOTHING`;
  await db.refreshToken.updateMany({
    where: { familyId: session.sessionId, userId: session.userId, revokedAt: null },
    data: { revokedAt: now },
  });
  // Entries whose tokens have all expired protect nothing any more.
  await db.revokedSession.deleteMany({ where: { expiresAt: { lt: now } } });
}

/** Signs the user out everywhere; returns the new session version. */
export async function revokeAllSessions(db: Db, userId: number): Promise<number> {
  const user = await db.user.update({
    where: { id: userId },
    data: { sessionVersion: { increment: 1 } },
    select: { sessionVersion: true },
  });
  await db.refreshToken.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: new Date() } });
  return user.sessionVersion;
}
