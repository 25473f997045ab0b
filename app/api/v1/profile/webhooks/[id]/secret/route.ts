import { idPath } from "@/lib/http/params";
import { json, route, routeMethods } from "@/lib/http/route";
import { rotateWebhookSecret } from "@/lib/webhooks/endpoints";
import { webhookWithSecretSchema } from "@/lib/webhooks/routes";
import * as sample from "@/app/api/v1/example-values";

const rotateWebhookSecretRoute = route(
  {
    method: "POST",
    path: "/api/v1/profile/webhooks/{id}/secret",
    operationId: "rotateWebhookSecret",
    tag: "Integrations",
    summary: "Replace a webhook's signing secret",
    description: "Deliveries from now on are signed with the new secret (shown this once); the old one stops at once.",
    access: "user",
    params: idPath("webhook"),
    responses: { 200: { description: "The new secret.", schema: webhookWithSecretSchema } },
    examples: { params: { id: "5" }, response: { webhook: sample.webhook, secret: sample.webhookSecret } },
  },
  async ({ params, caller }) => json(await rotateWebhookSecret(caller.user.id, params.id)),
);

export const { GET, POST, PUT, PATCH, DELETE } = routeMethods(rotateWebhookSecretRoute);
