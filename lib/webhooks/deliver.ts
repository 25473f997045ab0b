/**
 * The webhook-delivery job: one attempt of one delivery, then its outcome recorded and, on failure,
 * the next attempt queued (schedule.ts) in the same transaction. The schedule is the delivery's
 * own (about three days), not the queue's generic retry policy: an unreachable receiver is an
 * expected outcome, recorded in the delivery log, not a job error. The job throws only when the
 * database fails, and pg-boss then retries it as any job.
 *
 * Exactly once per attempt across instances: pg-boss hands a job to one worker (SKIP LOCKED), and
 * the job names the attempt it is for; a job whose attempt was already recorded (a manual retry
 * came first, or the job ran again after a crash) does nothing, and the outcome is written only if
 * the attempt count is still the one the job saw. A crash between sending and recording can send an
 * attempt twice, with the same `webhook-id` (receivers deduplicate on it; Standard Webhooks).
 */
import { Webhook } from "standardwebhooks";
import { getDb } from "@/lib/db/client";
import { getConfig } from "@/lib/env";
import { enqueue } from "@/lib/jobs/enqueue";
import { QUEUES } from "@/lib/jobs/queues";
import { registerJobHandler } from "@/lib/jobs/handlers";
import { webhookDeliveryPayload } from "@/lib/jobs/payloads";
import { log } from "@/lib/log";
import { retryDelayMs } from "./schedule";
import { openSecret } from "./secret";
import { postOnce } from "./transport";

export interface DeliveryJob {
  deliveryId: number;
  attempt: number;
}

/** Postgres text cannot hold NUL; a receiver's answer is shown as text, whatever it was. */
const printable = (text: string | null) => (text === null ? null : text.replaceAll("\u0000", "\uFFFD"));

export async function deliverWebhook({ deliveryId, attempt }: DeliveryJob): Promise<object> {
  const db = await getDb();
  const delivery = await db.webhookDelivery.findUnique({ where: { id: deliveryId }, include: { webhook: true } });
  if (!delivery || delivery.status !== "pending" || delivery.attempts !== attempt - 1) return { skipped: "already recorded" };
  const { webhook } = delivery;
  const config = getConfig().webhooks;
  if (!webhook.enabled) {
    await db.webhookDelivery.updateMany({
      where: { id: deliveryId, attempts: attempt - 1, status: "pending" },
      data: { status: "failed", lastError: "the webhook is disabled", nextAttemptAt: null },
    });
    return { skipped: "webhook disabled" };
  }

  const timestamp = new Date();
  const signature = new Webhook(openSecret(webhook.userId, webhook)).sign(delivery.messageId, timestamp, delivery.payload);
  const result = await postOnce({
    url: webhook.url,
    headers: { "webhook-id": delivery.messageId, "webhook-timestamp": String(Math.floor(timestamp.getTime() / 1000)), "webhook-signature": signature },
    body: delivery.payload,
    timeoutMs: config.timeoutMs,
    allowPrivate: config.allowPrivateUrls,
  });
  const succeeded = result.statusCode !== null && result.statusCode >= 200 && result.statusCode < 300;
  const delay = succeeded ? null : retryDelayMs(attempt, config);
  const next = delay === null ? null : new Date(Date.now() + delay);
  const status = succeeded ? "succeeded" : next ? "pending" : "failed";

  await db.$transaction(async (tx) => {
    const { count } = await tx.webhookDelivery.updateMany({
      where: { id: deliveryId, attempts: attempt - 1, status: "pending" },
      data: {
        attempts: attempt,
        status,
        lastStatusCode: result.statusCode,
        lastDurationMs: result.durationMs,
        lastResponseBody: printable(result.body),
        lastError: result.error,
        ...(delivery.firstAttemptAt ? {} : { firstAttemptAt: timestamp }),
        lastAttemptAt: timestamp,
        nextAttemptAt: next,
      },
    });
    if (count === 0) return;
    // The delivery log keeps every attempt (the columns above only the last), in this transaction:
    // an attempt whose outcome was not recorded is not in the log either.
    await tx.webhookDeliveryAttempt.create({
      data: {
        deliveryId,
        attempt,
        statusCode: result.statusCode,
        durationMs: result.durationMs,
        responseBody: printable(result.body),
        error: result.error,
        at: timestamp,
      },
    });
    if (succeeded) {
      await tx.webhookEndpoint.updateMany({ where: { id: webhook.id, failingSince: { not: null } }, data: { failingSince: null } });
      return;
    }
    await tx.webhookEndpoint.updateMany({ where: { id: webhook.id, failingSince: null }, data: { failingSince: timestamp } });
    if (next) {
      await enqueue(tx, QUEUES.webhookDelivery, { deliveryId, attempt: attempt + 1 }, { startAfter: next });
      return;
    }
    // The whole schedule failed. If the endpoint has not succeeded once since this delivery's first
    // attempt, it is down, not flaky: turn it off and tell its owner, instead of queueing days of
    // doomed attempts for every further event.
    const firstAttemptAt = delivery.firstAttemptAt ?? timestamp;
    const { count: disabled } = await tx.webhookEndpoint.updateMany({
      where: { id: webhook.id, enabled: true, failingSince: { lte: firstAttemptAt } },
      data: { enabled: false },
    });
    if (disabled > 0) {
      const owner = await tx.user.findUniqueOrThrow({ where: { id: webhook.userId }, select: { username: true, email: true } });
      await enqueue(tx, QUEUES.sendEmail, {
        to: owner.email,
        message: { template: "webhook-disabled", username: owner.username, host: new URL(webhook.url).host, at: timestamp.toISOString() },
      });
      log.warn("webhook disabled after sustained failure", { webhook: webhook.id });
    }
  });
  return { attempt, status, statusCode: result.statusCode, ms: result.durationMs };
}

registerJobHandler(QUEUES.webhookDelivery, (job) => deliverWebhook(webhookDeliveryPayload.parse(job.data)));
