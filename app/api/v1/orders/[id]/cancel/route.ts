import { idPath } from "@/lib/http/params";
import { json, route, routeMethods } from "@/lib/http/route";
import { orderResponseSchema } from "@/lib/orders/dto";
import { cancelOwnOrder } from "@/lib/orders/status";
import * as sample from "@/app/api/v1/example-values";

const cancelOrderRoute = route(
  {
    method: "POST",
    path: "/api/v1/orders/{id}/cancel",
    operationId: "cancelOrder",
    apiKeyScope: "orders:write",
    tag: "Shipping and orders",
    summary: "Cancel one of your orders while it is placed (not yet paid)",
    description: "Cancelling an order that is already cancelled is a no-op 200. Once paid, only an administrator can cancel it.",
    access: "user",
    params: idPath("order"),
    responses: { 200: { description: "Cancelled.", schema: orderResponseSchema } },
    errors: ["illegal_transition"],
    examples: {
      params: { id: "123" },
      response: { order: { ...sample.order, status: "cancelled", events: [...sample.order.events, { status: "cancelled", at: "2026-11-24T10:00:00.000Z" }] } },
    },
  },
  async ({ params, caller }) => json({ order: await cancelOwnOrder(caller.user.id, params.id) }),
);

export const { GET, POST, PUT, PATCH, DELETE } = routeMethods(cancelOrderRoute);
