import { z } from "zod";
import { pageQueryShape } from "@/lib/pagination";
import { urlSchemeProblem } from "./address-policy";
import { WEBHOOK_EVENTS } from "./events";

/** Endpoints per account: enough for every system that listens, few enough to review. */
export const MAX_WEBHOOKS_PER_USER = 10;

export const webhookEventSchema = z.enum(WEBHOOK_EVENTS);

/** The URL's form (https; no credentials in it). Its addresses are checked by the domain function. */
export const webhookUrlSchema = z
  .string()
  .trim()
  .max(2000)
  .check((ctx) => {
    let url: URL;
    try {
      url = new URL(ctx.value);
    } catch {
      ctx.issues.push({ code: "custom", message: "must be a URL such as https://example.com/keel-events", input: ctx.value });
      return;
    }
    const problem = urlSchemeProblem(url);
    if (problem) ctx.issues.push({ code: "custom", message: problem, input: ctx.value });
    else if (url.username || url.password) ctx.issues.push({ code: "custom", message: "must not contain a user name or password", input: ctx.value });
  })
  .meta({ example: "https://shop.example.com/keel-events" });

const eventsSchema = z
  .array(webhookEventSchema)
  .min(1, "Choose at least one event.")
  .max(WEBHOOK_EVENTS.length)
  .transform((events) => [...new Set(events)]);

export const createWebhookSchema = z.object({ url: webhookUrlSchema, events: eventsSchema }).strict();
export type CreateWebhookInput = z.output<typeof createWebhookSchema>;

export const updateWebhookSchema = z
  .object({ url: webhookUrlSchema.optional(), events: eventsSchema.optional(), enabled: z.boolean().optional() })
  .strict();
export type UpdateWebhookInput = z.output<typeof updateWebhookSchema>;

export const listDeliveriesQuerySchema = z.strictObject(pageQueryShape);
export type ListDeliveriesQuery = z.output<typeof listDeliveriesQuerySchema>;
