import { idPath } from "@/lib/http/params";
import { json, route, routeMethods } from "@/lib/http/route";
import { pageSchema } from "@/lib/pagination";
import { webhookDeliverySchema } from "@/lib/webhooks/dto";
import { listDeliveries } from "@/lib/webhooks/endpoints";
import { listDeliveriesQuerySchema } from "@/lib/webhooks/schemas";
import * as sample from "@/app/api/v1/example-values";

const listWebhookDeliveriesRoute = route(
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
    examples: {
      params: { id: "5" },
      query: { limit: 20 },
      response: {
        items: [
          {
            id: 812,
            event: "order.paid",
            status: "pending",
            attempts: 2,
            lastStatusCode: 503,
            createdAt: sample.at,
            nextAttemptAt: "2026-11-24T09:33:00.000Z",
            lastAttemptAt: "2026-11-24T09:31:00.000Z",
            lastDurationMs: 184,
            lastResponseBody: "Service Unavailable",
            attemptLog: [
              { attempt: 1, at: "2026-11-24T09:30:00.000Z", durationMs: 10_000, error: "timed out after 10000 ms" },
              { attempt: 2, at: "2026-11-24T09:31:00.000Z", statusCode: 503, durationMs: 184, responseBody: "Service Unavailable" },
            ],
          },
        ],
        nextCursor: null,
      },
    },
  },
  async ({ params, query, caller }) => json(await listDeliveries(caller.user.id, params.id, query)),
);

export const { GET, POST, PUT, PATCH, DELETE } = routeMethods(listWebhookDeliveriesRoute);
