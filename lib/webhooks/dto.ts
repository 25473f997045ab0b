import { z } from "zod";
import { webhookEventSchema } from "./schemas";

export const webhookSchema = z
  .object({
    id: z.int().positive(),
    url: z.string(),
    events: z.array(webhookEventSchema),
    enabled: z.boolean().meta({ description: "False once turned off, or disabled by Keel after sustained failure (the owner is e-mailed)." }),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: "Webhook" });
export type WebhookDto = z.infer<typeof webhookSchema>;

export const DELIVERY_STATUSES = ["pending", "succeeded", "failed"] as const;

export const webhookDeliverySchema = z
  .object({
    id: z.int().positive(),
    event: webhookEventSchema,
    status: z.enum(DELIVERY_STATUSES),
    attempts: z.int().nonnegative(),
    lastStatusCode: z.int().optional().meta({ description: "The receiver's HTTP status on the last attempt; absent when it did not answer." }),
    createdAt: z.iso.datetime(),
    nextAttemptAt: z.iso.datetime().optional().meta({ description: "When the next attempt is due (pending deliveries only)." }),
    lastAttemptAt: z.iso.datetime().optional(),
    lastDurationMs: z.int().nonnegative().optional(),
    lastError: z.string().optional().meta({ description: "Why the last attempt failed without a status (timeout, refused address, ...)." }),
    lastResponseBody: z.string().optional().meta({ description: "The start of the receiver's answer (at most 1 KB)." }),
  })
  .meta({ id: "WebhookDelivery" });
export type WebhookDeliveryDto = z.infer<typeof webhookDeliverySchema>;

export interface WebhookRow {
  id: number;
  url: string;
  events: string[];
  enabled: boolean;
  createdAt: Date;
}

export function toWebhookDto(row: WebhookRow): WebhookDto {
  return {
    id: row.id,
    url: row.url,
    events: row.events.filter((event): event is WebhookDto["events"][number] => webhookEventSchema.safeParse(event).success),
    enabled: row.enabled,
    createdAt: row.createdAt.toISOString(),
  };
}

export interface DeliveryRow {
  id: number;
  event: string;
  status: string;
  attempts: number;
  lastStatusCode: number | null;
  lastDurationMs: number | null;
  lastResponseBody: string | null;
  lastError: string | null;
  lastAttemptAt: Date | null;
  nextAttemptAt: Date | null;
  createdAt: Date;
}

export function toDeliveryDto(row: DeliveryRow): WebhookDeliveryDto {
  return {
    id: row.id,
    event: row.event as WebhookDeliveryDto["event"],
    status: row.status as WebhookDeliveryDto["status"],
    attempts: row.attempts,
    ...(row.lastStatusCode !== null ? { lastStatusCode: row.lastStatusCode } : {}),
    createdAt: row.createdAt.toISOString(),
    ...(row.status === "pending" && row.nextAttemptAt ? { nextAttemptAt: row.nextAttemptAt.toISOString() } : {}),
    ...(row.lastAttemptAt ? { lastAttemptAt: row.lastAttemptAt.toISOString() } : {}),
    ...(row.lastDurationMs !== null ? { lastDurationMs: row.lastDurationMs } : {}),
    ...(row.lastError !== null ? { lastError: row.lastError } : {}),
    ...(row.lastResponseBody !== null ? { lastResponseBody: row.lastResponseBody } : {}),
  };
}
