import { z } from "zod";
import { json, route, routeMethods } from "@/lib/http/route";
import { webhookSchema } from "@/lib/webhooks/dto";
import { createWebhook, listWebhooks } from "@/lib/webhooks/endpoints";
import { webhookWithSecretSchema } from "@/lib/webhooks/routes";
import { createWebhookSchema } from "@/lib/webhooks/schemas";
import * as sample from "@/app/api/v1/example-values";

const listWebhooksRoute = route(
  {
    method: "GET",
    path: "/api/v1/profile/webhooks",
    operationId: "listWebhooks",
    tag: "Integrations",
    summary: "Your webhook endpoints",
    access: "user",
    responses: { 200: { description: "The endpoints.", schema: z.strictObject({ items: z.array(webhookSchema) }).meta({ id: "WebhookList" }) } },
    examples: { response: { items: [sample.webhook] } },
  },
  async ({ caller }) => json(await listWebhooks(caller.user.id)),
);

const createWebhookRoute = route(
  {
    method: "POST",
    path: "/api/v1/profile/webhooks",
    operationId: "createWebhook",
    tag: "Integrations",
    summary: "Register a webhook endpoint",
    description:
      "The URL must be https and must not resolve to a private, loopback or link-local address (400 `validation_failed` on `url`). The answer's `secret` (`whsec_...`) signs every delivery (Standard Webhooks); it is shown this once.",
    access: "user",
    body: createWebhookSchema.meta({ id: "CreateWebhookRequest", example: { url: "https://shop.example.com/keel-events", events: ["order.paid", "order.shipped"] } }),
    responses: { 201: { description: "Registered.", schema: webhookWithSecretSchema } },
    errors: ["conflict"],
    examples: { request: { url: sample.webhook.url, events: sample.webhook.events }, response: { webhook: sample.webhook, secret: sample.webhookSecret } },
  },
  async ({ body, caller }) => json(await createWebhook(caller.user.id, body), { status: 201 }),
);

export const { GET, POST, PUT, PATCH, DELETE } = routeMethods(listWebhooksRoute, createWebhookRoute);
