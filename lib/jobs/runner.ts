/**
 * Runs due jobs: fetch one (pg-boss: `FOR UPDATE SKIP LOCKED`, so two workers never take the same
 * job), run its handler within the job's timeout, then mark it completed, or failed so that pg-boss
 * retries it with exponential backoff and dead-letters it (state `failed`, error kept) after the
 * last attempt.
 *
 * The in-server worker, `npm run worker` and the cron route all run jobs through here. pg-boss's own
 * `work()` loop is not used because it marks a job complete without waiting for the database to
 * confirm, which a clean shutdown cannot wait for.
 */
import type PgBoss from "pg-boss";
import { getConfig } from "@/lib/env";
import { describeError, log } from "@/lib/log";
import { processState } from "@/lib/process-singleton";
import { jobHandler } from "./handlers";
import { QUEUES, queueNames, type QueueName } from "./queues";

export class JobTimeout extends Error {
  constructor(seconds: number) {
    super(`the job did not finish within ${seconds} s (JOB_TIMEOUT_SECONDS)`);
    this.name = "JobTimeout";
  }
}

function withinSeconds<T>(promise: Promise<T>, seconds: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new JobTimeout(seconds)), seconds * 1000);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** What is kept of a failure in the job row: enough to act on, never a stack of secrets. */
function failureOutput(error: unknown): object {
  const e = error as { name?: unknown; message?: unknown; code?: unknown; responseCode?: unknown };
  return {
    name: typeof e?.name === "string" ? e.name : "Error",
    message: (error instanceof Error ? error.message : String(error)).slice(0, 2_000),
    ...(typeof e?.code === "string" ? { code: e.code } : {}),
    ...(typeof e?.responseCode === "number" ? { responseCode: e.responseCode } : {}),
  };
}

/** Takes one due job from `queue` and runs it; false when there was none. */
export async function runOneJob(boss: PgBoss, queue: QueueName): Promise<boolean> {
  const [job] = await boss.fetch<unknown>(queue, { batchSize: 1, includeMetadata: true });
  if (!job) return false;
  const { timeoutSeconds } = getConfig().jobs;
  const started = Date.now();
  try {
    const output = await withinSeconds(jobHandler(queue)(job), timeoutSeconds);
    await boss.complete(queue, job.id, output ?? undefined);
    log.info("job completed", { queue, job: job.id, attempt: job.retryCount + 1, ms: Date.now() - started });
  } catch (error) {
    const fields = { queue, job: job.id, attempt: job.retryCount + 1 };
    if (job.retryCount >= job.retryLimit) log.error("job failed for the last time; dead-lettered", error, fields);
    else log.warn("job failed; it will be retried", { ...fields, error: describeError(error) });
    await boss.fail(queue, job.id, failureOutput(error));
  }
  return true;
}

const HOUSEKEEPING_SECONDS = 60 * 60;
const housekeeping = processState("jobs:housekeeping", (): { scheduledAt?: number } => ({}));

/**
 * Queues the hourly housekeeping jobs (security-cleanup). pg-boss's own cron needs its scheduler
 * running in some process, which the cron route (serverless) has not; a singleton slot does the same
 * from wherever jobs run: one job per slot however many workers ask. Each process asks at most once
 * every few minutes, so polling does not turn into inserts.
 */
async function scheduleHousekeeping(boss: PgBoss): Promise<void> {
  const now = Date.now();
  if (housekeeping.scheduledAt !== undefined && now - housekeeping.scheduledAt < 5 * 60 * 1000) return;
  housekeeping.scheduledAt = now;
  try {
    await boss.send(QUEUES.securityCleanup, {}, { singletonKey: QUEUES.securityCleanup, singletonSeconds: HOUSEKEEPING_SECONDS });
  } catch (error) {
    log.warn("could not schedule the housekeeping job", { error: describeError(error) });
  }
}

export interface RunResult {
  ran: number;
}

/**
 * Runs due jobs of every queue until none is due, `deadline` (ms since epoch) passes, or
 * `shouldStop()` says so. A job already started always finishes (or times out) first.
 */
export async function runDueJobs(boss: PgBoss, deadline: number, shouldStop: () => boolean = () => false): Promise<RunResult> {
  await scheduleHousekeeping(boss);
  let ran = 0;
  for (;;) {
    let ranThisRound = 0;
    for (const queue of queueNames) {
      if (shouldStop() || Date.now() >= deadline) return { ran };
      if (await runOneJob(boss, queue)) ranThisRound++;
    }
    ran += ranThisRound;
    if (ranThisRound === 0) return { ran };
  }
}
