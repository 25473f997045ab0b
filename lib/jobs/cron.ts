/**
 * Running jobs from a scheduler instead of a long-running worker: Vercel Cron calls
 * GET /api/v1/internal/jobs/run with `Authorization: Bearer ${CRON_SECRET}`; each call re-queues
 * jobs whose run was cut off (pg-boss maintenance), then runs due jobs for a bounded time.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import { cronAttemptAccepted, reserveCronAttempt } from "@/lib/auth/credentials/rate-limits";
import { getConfig } from "@/lib/env";
import { Unauthenticated } from "@/lib/errors";
import { openBoss } from "./boss";
import { runDueJobs } from "./runner";

/** Time a call spends starting jobs; the route's maxDuration (60 s) leaves room for the last one. */
export const CRON_RUN_BUDGET_MS = 20_000;

// The limit on wrong secrets is counted with the others (Redis when REDIS_URL is set, the database
// otherwise), and fails closed: with Redis unreachable the route answers 503.
export { CRON_FAILURES_PER_IP } from "@/lib/auth/credentials/rate-limits";

const digest = (value: string) => createHash("sha256").update(value).digest();

/** Compares in constant time (digests have equal length whatever was sent). */
function secretMatches(authorization: string | null, secret: string | null): boolean {
  if (!secret || !authorization?.startsWith("Bearer ")) return false;
  return timingSafeEqual(digest(authorization.slice("Bearer ".length)), digest(secret));
}

/** Throws Unauthenticated for a missing or wrong secret, RateLimited after too many wrong ones. */
export async function authorizeCron(authorization: string | null, ip: string): Promise<void> {
  await reserveCronAttempt(ip);
  if (!secretMatches(authorization, getConfig().jobs.cronSecret)) throw new Unauthenticated("A valid cron secret is required.");
  await cronAttemptAccepted(ip);
}

export async function runJobsFromCron(): Promise<{ ran: number }> {
  const boss = await openBoss({ supervise: false });
  await boss.maintain();
  return runDueJobs(boss, Date.now() + CRON_RUN_BUDGET_MS);
}
