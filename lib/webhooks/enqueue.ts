/**
 * Reporting an event to the user's webhooks, inside the transaction of the change it reports
 * (transactional outbox, lib/jobs/enqueue.ts): one delivery row and one job per subscribed, enabled
 * endpoint. A change that rolls back leaves neither; a change that commits has both, and the job
 * runs even if this process dies the next moment.
 *
 * Called by lib/orders/status.ts for order.paid, order.shipped, order.delivered and
 * order.cancelled. `tracking.updated` is ready for the tracking-events route: call
 * `enqueueWebhookEvent(tx, { userId, type: "tracking.updated", data: { order } })` in its transaction.
 */
import { randomUUID } from "node:crypto";
import type { DbTransaction } from "@/lib/db/types";
import { enqueue } from "@/lib/jobs/enqueue";
import { QUEUES } from "@/lib/jobs/queues";
import type { WebhookEvent } from "./events";

export interface WebhookEventInput {
  /** The account whose webhooks hear of it (the order's owner). */
  userId: number;
  type: WebhookEvent;
  /** `{ order }`: the order as its owner sees it through the API (lib/orders/dto.ts toOrderDto). */
  data: { order: unknown };
  /** When it happened; now by default. */
  at?: Date;
}

/** The delivery body: Standard Webhooks' `{ type, timestamp, data }`. */
export function eventBody(input: WebhookEventInput): string {
  return JSON.stringify({ type: input.type, timestamp: (input.at ?? new Date()).toISOString(), data: input.data });
}

/** Returns how many deliveries were queued. */
export async function enqueueWebhookEvent(tx: DbTransaction, input: WebhookEventInput): Promise<number> {
  const endpoints = await tx.webhookEndpoint.findMany({
    where: { userId: input.userId, enabled: true, events: { has: input.type } },
    select: { id: true },
  });
  if (endpoints.length === 0) return 0;
  const payload = eventBody(input);
  for (const endpoint of endpoints) {
    const delivery = await tx.webhookDelivery.create({
      data: { webhookId: endpoint.id, messageId: `msg_${randomUUID().replaceAll("-", "")}`, event: input.type, payload, nextAttemptAt: new Date() },
      select: { id: true },
    });
    await enqueue(tx, QUEUES.webhookDelivery, { deliveryId: delivery.id, attempt: 1 });
  }
  return endpoints.length;
}
