/**
 * The job worker of a long-running process: the server itself (JOB_WORKER=inline, the default,
 * started from lib/server/lifecycle.ts) or `npm run worker`.
 *
 * It polls every queue, runs due jobs one at a time, and lets pg-boss's maintenance re-queue jobs
 * whose worker died (a job still `active` after JOB_TIMEOUT_SECONDS). Stopping lets the job in hand
 * finish (bounded), so a deploy does not cut an e-mail in half; a job that cannot finish in time is
 * simply left to expire and retry.
 */
import type PgBoss from "pg-boss";
import { getConfig } from "@/lib/env";
import { describeError, log } from "@/lib/log";
import { processState } from "@/lib/process-singleton";
import { closeBoss, openBoss } from "./boss";
import { runDueJobs } from "./runner";

interface WorkerState {
  stopping: boolean;
  loop: Promise<void> | null;
  lastPollAt: number;
  wake: (() => void) | null;
}

const BURST_MS = 30_000;

const state = processState("jobs:worker", (): { worker?: WorkerState } => ({}));

const sleep = (ms: number, worker: WorkerState) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    worker.wake = () => {
      clearTimeout(timer);
      resolve();
    };
  });

async function loop(boss: PgBoss, worker: WorkerState): Promise<void> {
  const { pollIntervalSeconds } = getConfig().jobs;
  while (!worker.stopping) {
    try {
      // Bounded, so that lastPollAt (the health signal) moves even while a backlog drains.
      await runDueJobs(boss, Date.now() + BURST_MS, () => worker.stopping);
      worker.lastPollAt = Date.now();
    } catch (error) {
      // The database went away mid-job (complete/fail could not be written): the job expires and
      // retries; keep polling.
      log.warn("job worker could not reach the database; retrying", { error: describeError(error) });
    }
    if (!worker.stopping) await sleep(pollIntervalSeconds * 1000, worker);
  }
}

/** Starts polling in this process (idempotent). Throws when the queue cannot be opened. */
export async function startJobWorker(): Promise<void> {
  if (state.worker) return;
  const worker: WorkerState = { stopping: false, loop: null, lastPollAt: 0, wake: null };
  state.worker = worker;
  try {
    const boss = await openBoss({ supervise: true });
    worker.lastPollAt = Date.now();
    worker.loop = loop(boss, worker);
    log.info("job worker started", { pollSeconds: getConfig().jobs.pollIntervalSeconds });
  } catch (error) {
    state.worker = undefined;
    throw error;
  }
}

/**
 * Keeps trying to start the worker until it runs (the database may be down when the server starts).
 */
export function startJobWorkerWhenReady(retryMs = 5_000): void {
  startJobWorker().catch((error) => {
    log.warn("job worker not started yet; retrying", { error: describeError(error) });
    setTimeout(() => startJobWorkerWhenReady(retryMs), retryMs).unref();
  });
}

/** Finishes the job in hand (at most `timeoutMs`), then stops polling and closes pg-boss's pool. */
export async function stopJobWorker(timeoutMs: number): Promise<void> {
  const worker = state.worker;
  if (!worker) return closeBoss();
  worker.stopping = true;
  worker.wake?.();
  let timer: NodeJS.Timeout | undefined;
  const finished = await Promise.race([
    (worker.loop ?? Promise.resolve()).then(() => true),
    new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs))),
  ]);
  clearTimeout(timer);
  if (!finished) log.warn("job worker stopped with a job still running; it will be retried after JOB_TIMEOUT_SECONDS");
  state.worker = undefined;
  await closeBoss();
}

export interface JobWorkerHealth {
  /** This process runs jobs (JOB_WORKER=inline, or `npm run worker`). */
  runsHere: boolean;
  /**
   * For GET /api/v1/health/ready: true when no worker runs here, or when it polled recently; false
   * when it should run here but has not started (database down at boot) or is stuck.
   */
  healthy: boolean;
}

export function jobWorkerHealth(): JobWorkerHealth {
  const worker = state.worker;
  if (!worker) {
    const runsHere = getConfig().jobs.worker === "inline";
    return { runsHere, healthy: !runsHere };
  }
  const { pollIntervalSeconds, timeoutSeconds } = getConfig().jobs;
  // One poll can legitimately last as long as a job; beyond that (plus slack) it is stuck.
  const staleAfterMs = BURST_MS + (timeoutSeconds + 5 * pollIntervalSeconds + 10) * 1000;
  return { runsHere: true, healthy: !worker.stopping && worker.loop !== null && Date.now() - worker.lastPollAt < staleAfterMs };
}
