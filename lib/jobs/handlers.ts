/**
 * What runs on each queue, as the features register it: the jobs machinery knows queue names only
 * (queues.ts), and each feature registers its handler beside its rules (lib/mail/deliver.ts,
 * lib/security-centre/cleanup.ts, lib/webhooks/deliver.ts). lib/features.ts loads them all in every
 * process that runs jobs (the server, `npm run worker`, the cron route).
 * A handler must be idempotent: a job can run again after a crash.
 */
import { processSingleton } from "@/lib/process-singleton";
import type { QueueName } from "./queues";

export interface RunnableJob {
  id: string;
  data: unknown;
}

export type JobHandler = (job: RunnableJob) => Promise<object | void>;

// One table per process: Next loads a feature's module once per bundle, and any of them may register.
const handlers = processSingleton("jobs:handlers", () => new Map<QueueName, JobHandler>());

/** Registers what runs on `queue` (a later registration, from another bundle or a dev reload, replaces it). */
export function registerJobHandler(queue: QueueName, handler: JobHandler): void {
  handlers.set(queue, handler);
}

/** The handler of `queue`; throws (the job fails and is retried) when no feature registered one in this process. */
export function jobHandler(queue: QueueName): JobHandler {
  const handler = handlers.get(queue);
  if (!handler) throw new Error(`No handler is registered for the queue "${queue}": the process that runs jobs must import lib/features.ts.`);
  return handler;
}
