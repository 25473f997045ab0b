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

/** How many attempts of one delivery the log lists (the newest); `attempts` counts them all. */
export const ATTEMPTS_LISTED = 20;

export const webhookDeliveryAttemptSchema = z
  .object({
    attempt: z.int().positive().meta({ description: "1 for the first attempt; a manual retry continues the count." }),
    at: z.iso.datetime().meta({ description: "When it was sent." }),
    statusCode: z.int().optional().meta({ description: "The receiver's HTTP status; absent when it did not answer." }),
    durationMs: z.int().nonnegative().meta({ description: "From sending to the answer (or the failure)." }),
    error: z.string().optional().meta({ description: "Why there was no answer (timeout, refused address, connection error)." }),
    responseBody: z.string().optional().meta({ description: "The start of the receiver's answer (at most 1 KB)." }),
  })
  .meta({ id: "WebhookDeliveryAttempt" });
export type WebhookDeliveryAttemptDto = z.infer<typeof webhookDeliveryAttemptSchema>;

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
    attemptLog: z
      .array(webhookDeliveryAttemptSchema)
      .meta({ description: `Every attempt, oldest first: its status, timing, answer or error (the newest ${ATTEMPTS_LISTED} when there were more).` }),
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
  /** The newest attempts first (as the query takes them); at most ATTEMPTS_LISTED. */
  attemptLog: AttemptRow[];
}

export interface AttemptRow {
  attempt: number;
  at: Date;
  statusCode: number | null;
  durationMs: number;
  error: string | null;
  responseBody: string | null;
}

function toAttemptDto(row: AttemptRow): WebhookDeliveryAttemptDto {
  return {
    attempt: row.attempt,
    at: row.at.toISOString(),
    ...(row.statusCode !== null ? { statusCode: row.statusCode } : {}),
    durationMs: row.durationMs,
    ...(row.error !== null ? { error: row.error } : {}),
    ...(row.responseBody !== null ? { responseBody: row.responseBody } : {}),
  };
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
    attemptLog: row.attemptLog.map(toAttemptDto).reverse(),
  };
}
