/**
 * Running jobs from a scheduler instead of a long-running worker: Vercel Cron calls
 * GET /api/v1/internal/jobs/run with `Authorization: Bearer ${CRON_SECRET}`; each call re-queues
 * jobs whose run was cut off (pg-boss maintenance), then runs due jobs for a bounded time.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import { RateLimiterPrisma, RateLimiterRes } from "rate-limiter-flexible";
import { getDb } from "@/lib/db/client";
import { getConfig } from "@/lib/env";
import { RateLimited, Unauthenticated } from "@/lib/errors";
import { openBoss } from "./boss";
import { runDueJobs } from "./runner";

/** Time a call spends starting jobs; the route's maxDuration (60 s) leaves room for the last one. */
export const CRON_RUN_BUDGET_MS = 20_000;

/** Wrong secrets per client IP per 15 minutes before the route answers 429. */
export const CRON_FAILURES_PER_IP = 10;

const state = globalThis as unknown as { __keelCronLimiter?: RateLimiterPrisma };

async function failureLimiter(): Promise<RateLimiterPrisma> {
  state.__keelCronLimiter ??= new RateLimiterPrisma({
    storeClient: await getDb(),
    tableName: "rateLimit",
    keyPrefix: "cron-ip",
    points: CRON_FAILURES_PER_IP,
    duration: 15 * 60,
  });
  return state.__keelCronLimiter;
}

const digest = (value: string) => createHash("sha256").update(value).digest();

/** Compares in constant time (digests have equal length whatever was sent). */
function secretMatches(authorization: string | null, secret: string | null): boolean {
  if (!secret || !authorization?.startsWith("Bearer ")) return false;
  return timingSafeEqual(digest(authorization.slice("Bearer ".length)), digest(secret));
}

/** Throws Unauthenticated for a missing or wrong secret, RateLimited after too many wrong ones. */
export async function authorizeCron(authorization: string | null, ip: string): Promise<void> {
  const limiter = await failureLimiter();
  const seen = await limiter.get(ip);
  if (seen && seen.consumedPoints >= CRON_FAILURES_PER_IP) {
    throw new RateLimited(Math.max(1, Math.ceil(seen.msBeforeNext / 1000)));
  }
  if (secretMatches(authorization, getConfig().jobs.cronSecret)) return;
  await limiter.consume(ip).catch((rejection) => {
    if (!(rejection instanceof RateLimiterRes)) throw rejection;
  });
  throw new Unauthenticated("A valid cron secret is required.");
}

export async function runJobsFromCron(): Promise<{ ran: number }> {
  const boss = await openBoss({ supervise: false });
  await boss.maintain();
  return runDueJobs(boss, Date.now() + CRON_RUN_BUDGET_MS);
}
