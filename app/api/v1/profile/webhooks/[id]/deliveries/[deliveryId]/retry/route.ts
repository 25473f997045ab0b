import { json, route, routeMethods } from "@/lib/http/route";
import { acceptedSchema } from "@/lib/users/dto";
import { retryDelivery } from "@/lib/webhooks/endpoints";
import { deliveryPath } from "@/lib/webhooks/routes";

const retryWebhookDeliveryRoute = route(
  {
    method: "POST",
    path: "/api/v1/profile/webhooks/{id}/deliveries/{deliveryId}/retry",
    operationId: "retryWebhookDelivery",
    tag: "Integrations",
    summary: "Send a delivery again, now",
    description: "Queues one more attempt at once (same `webhook-id`). 409 while the webhook is disabled.",
    access: "user",
    params: deliveryPath,
    responses: { 202: { description: "Queued.", schema: acceptedSchema } },
    errors: ["conflict"],
    examples: { params: { id: "5", deliveryId: "812" }, response: {} },
  },
  async ({ params, caller }) => {
    await retryDelivery(caller.user.id, params.id, params.deliveryId);
    return json({}, { status: 202 });
  },
);

export const { GET, POST, PUT, PATCH, DELETE } = routeMethods(retryWebhookDeliveryRoute);
