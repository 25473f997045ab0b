import { idPath } from "@/lib/http/params";
import { json, noContent, route, routeMethods } from "@/lib/http/route";
import { deleteWebhook, getWebhook, updateWebhook } from "@/lib/webhooks/endpoints";
import { webhookResponseSchema } from "@/lib/webhooks/routes";
import { updateWebhookSchema } from "@/lib/webhooks/schemas";
import * as sample from "@/app/api/v1/example-values";

const getWebhookRoute = route(
  {
    method: "GET",
    path: "/api/v1/profile/webhooks/{id}",
    operationId: "getWebhook",
    tag: "Integrations",
    summary: "One of your webhook endpoints",
    access: "user",
    params: idPath("webhook"),
    responses: { 200: { description: "The endpoint.", schema: webhookResponseSchema } },
    examples: { params: { id: "5" }, response: { webhook: sample.webhook } },
  },
  async ({ params, caller }) => json({ webhook: await getWebhook(caller.user.id, params.id) }),
);

const updateWebhookRoute = route(
  {
    method: "PATCH",
    path: "/api/v1/profile/webhooks/{id}",
    operationId: "updateWebhook",
    tag: "Integrations",
    summary: "Change a webhook's URL or events, or turn it off and on",
    description: "`enabled: true` turns on a webhook that Keel disabled after sustained failure.",
    access: "user",
    params: idPath("webhook"),
    body: updateWebhookSchema.meta({ id: "UpdateWebhookRequest", example: { enabled: true } }),
    responses: { 200: { description: "Changed.", schema: webhookResponseSchema } },
    examples: { params: { id: "5" }, request: { enabled: true }, response: { webhook: sample.webhook } },
  },
  async ({ params, body, caller }) => json({ webhook: await updateWebhook(caller.user.id, params.id, body) }),
);

const deleteWebhookRoute = route(
  {
    method: "DELETE",
    path: "/api/v1/profile/webhooks/{id}",
    operationId: "deleteWebhook",
    tag: "Integrations",
    summary: "Remove a webhook endpoint and its delivery log",
    access: "user",
    params: idPath("webhook"),
    responses: { 204: { description: "Removed." } },
    examples: { params: { id: "5" }, response: null },
  },
  async ({ params, caller }) => {
    await deleteWebhook(caller.user.id, params.id);
    return noContent();
  },
);

export const { GET, POST, PUT, PATCH, DELETE } = routeMethods(getWebhookRoute, updateWebhookRoute, deleteWebhookRoute);
