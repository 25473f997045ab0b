/**
 * The security-cleanup job (queue `security-cleanup`): removes session records whose tokens have all
 * expired, activity older than ACTIVITY_RETENTION_DAYS, and spent or expired mfa challenges. Each is
 * one idempotent DELETE, so running it twice (a retry after a crash) does no harm.
 *
 * It is scheduled by the job runner itself (scheduleHousekeeping in lib/jobs/runner.ts): at most one
 * such job per hour across every worker, through pg-boss's singleton slots.
 */
import "server-only";
import { getDb } from "@/lib/db/client";
import { getConfig } from "@/lib/env";
import { registerJobHandler } from "@/lib/jobs/handlers";
import { QUEUES } from "@/lib/jobs/queues";

export async function cleanUpSecurityRecords(now = new Date()): Promise<{ sessions: number; activities: number; challenges: number }> {
  const db = await getDb();
  const retentionMs = getConfig().auth.activityRetentionDays * 24 * 60 * 60 * 1000;
  const [sessions, activities, challenges] = await Promise.all([
    db.session.deleteMany({ where: { expiresAt: { lt: now } } }),
    db.activity.deleteMany({ where: { at: { lt: new Date(now.getTime() - retentionMs) } } }),
    db.mfaChallenge.deleteMany({ where: { OR: [{ expiresAt: { lt: now } }, { usedAt: { not: null } }] } }),
  ]);
  return { sessions: sessions.count, activities: activities.count, challenges: challenges.count };
}

registerJobHandler(QUEUES.securityCleanup, () => cleanUpSecurityRecords());
