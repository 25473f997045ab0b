import { preload } from "@/lib/auth/sessions/session-fragment";
import { idPath } from "@/lib/http/params";
import { json, otherMethods, route } from "@/lib/http/route";
import { orderResponseSchema } from "@/lib/orders/dto";
import { getOrder } from "@/lib/orders/orders";
import { orderFragment } from "@/lib/orders/preload";

export const GET = route(
  {
    method: "GET",
    path: "/api/v1/orders/{id}",
    operationId: "getOrder",
    apiKeyScope: "orders:read",
    tag: "Shipping and orders",
    summary: "One of your orders",
    access: "user",
    params: idPath("order"),
    // The order and its events in the session check's statement, for this user only.
    sessionExtras: ({ params }) => [preload(orderFragment, { orderId: params.id })],
    responses: { 200: { description: "The order.", schema: orderResponseSchema } },
  },
  async ({ params, caller }) => json({ order: await getOrder(caller.user, params.id) }),
);

export const { POST, PUT, PATCH, DELETE } = otherMethods(GET);
