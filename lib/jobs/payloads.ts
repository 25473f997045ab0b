/**
 * The data each queue's jobs carry, validated when enqueued and again when run (a job written by an
 * older version of Keel may still be waiting). Job data sits in the database in clear: it must never
 * hold a secret (a raw token, a password); a one-time link is minted by the job when it runs.
 */
import { z } from "zod";
import { oneTimeLinkSchema } from "@/lib/links/links";
import { mailMessageSchema } from "@/lib/mail/templates";
import { QUEUES } from "./queues";

export const sendEmailPayload = z.object({
  to: z.email(),
  message: mailMessageSchema,
  /** A one-time link (reset, verification) the job mints for `to` when it runs (lib/links/link-tokens.ts). */
  link: oneTimeLinkSchema.optional(),
});

/** The cleanup reads everything it needs from the database and the configuration. */
export const securityCleanupPayload = z.object({});

/** Which delivery, and which attempt of it this job is (a job for an attempt already made does nothing). */
export const webhookDeliveryPayload = z.object({ deliveryId: z.int().positive(), attempt: z.int().positive() });

export const jobPayloads = {
  [QUEUES.sendEmail]: sendEmailPayload,
  [QUEUES.securityCleanup]: securityCleanupPayload,
  [QUEUES.webhookDelivery]: webhookDeliveryPayload,
} as const;

export type JobName = keyof typeof jobPayloads;
export type JobData<N extends JobName> = z.input<(typeof jobPayloads)[N]>;
