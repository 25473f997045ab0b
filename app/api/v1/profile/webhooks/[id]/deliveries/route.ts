import { idPath } from "@/lib/http/params";
import { json, otherMethods, route } from "@/lib/http/route";
import { pageSchema } from "@/lib/pagination";
import { webhookDeliverySchema } from "@/lib/webhooks/dto";
import { listDeliveries } from "@/lib/webhooks/endpoints";
import { listDeliveriesQuerySchema } from "@/lib/webhooks/schemas";

export const GET = route(
  {
    method: "GET",
    path: "/api/v1/profile/webhooks/{id}/deliveries",
    operationId: "listWebhookDeliveries",
    tag: "Integrations",
    summary: "A webhook's delivery log, newest first",
    description: "Each delivery with its status, attempts, and the last attempt's HTTP status, timing and answer (at most 1 KB).",
    access: "user",
    params: idPath("webhook"),
    query: listDeliveriesQuerySchema,
    responses: { 200: { description: "A page of deliveries.", schema: pageSchema("WebhookDeliveryPage", webhookDeliverySchema) } },
  },
  async ({ params, query, caller }) => json(await listDeliveries(caller.user.id, params.id, query)),
);

export const { POST, PUT, PATCH, DELETE } = otherMethods(GET);
