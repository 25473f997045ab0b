/**
 * The queues Keel's jobs run on. Each one is a pg-boss queue (a partition of pgboss.job) created at
 * start-up with the retry policy from the configuration (lib/env.ts, JOB_*).
 *
 * This file names queues only; what runs on them is in lib/jobs/handlers.ts. Kept apart so that the
 * database client can create the queues without importing the handlers (which use the client).
 */
export const JOB_SCHEMA = "pgboss";

export const QUEUES = {
  /** One e-mail to one recipient (lib/mail). */
  sendEmail: "send-email",
  /** Expired session records, old activity, spent mfa challenges (lib/security-centre/cleanup.ts); scheduled hourly. */
  securityCleanup: "security-cleanup",
  /** One attempt of one webhook delivery (lib/webhooks/deliver.ts); the next attempt is its own job. */
  webhookDelivery: "webhook-delivery",
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

export const queueNames: QueueName[] = Object.values(QUEUES);
