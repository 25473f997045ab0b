/**
 * Running jobs from a scheduler instead of a long-running worker: Vercel Cron calls
 * GET /api/v1/internal/jobs/run with `Authorization: Bearer ${CRON_SECRET}`; each call re-queues
 * jobs whose run was cut off (pg-boss maintenance), then runs due jobs for a bounded time.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import { getConfig } from "@/lib/env";
import { RateLimited, Unauthenticated } from "@/lib/errors";
import { consume, defineLimit, FIFTEEN_MINUTES, retryAfter } from "@/lib/rate-limit/limiter";
import { openBoss } from "./boss";
import { runDueJobs } from "./runner";

/** Time a call spends starting jobs; the route's maxDuration (60 s) leaves room for the last one. */
export const CRON_RUN_BUDGET_MS = 20_000;

/** Wrong cron secrets per client IP per 15 minutes before the cron route answers 429. */
export const CRON_FAILURES_PER_IP = 10;

// The limit on wrong secrets is counted with the others (Redis when REDIS_URL is set, the database
// otherwise), and fails closed: with Redis unreachable the route answers 503.
const cronIpLimit = defineLimit({ name: "cron-ip", points: () => CRON_FAILURES_PER_IP, durationSeconds: FIFTEEN_MINUTES });

/**
 * Before a cron secret is checked: reserves one attempt for the client IP, and throws RateLimited
 * when its wrong secrets are spent (the right secret waits too, so guessing cannot go on by mixing
 * in the right one). Reserving first, with the store's atomic increment, is what holds the limit
 * under parallel requests: checking the count and counting the failure afterwards let forty
 * concurrent guesses all pass the check before any of them was counted (issue 31). A refused
 * attempt gives its reservation back, so waiting out the limit is enough.
 */
async function reserveCronAttempt(ip: string): Promise<void> {
  const limiter = await cronIpLimit();
  const rejected = await consume(limiter, ip);
  if (rejected) {
    await limiter.reward(ip, 1);
    throw new RateLimited(retryAfter(rejected));
  }
}

/** The secret was right: only wrong ones count. */
async function cronAttemptAccepted(ip: string): Promise<void> {
  await (await cronIpLimit()).reward(ip, 1);
}

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
