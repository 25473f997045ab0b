import { idPath } from "@/lib/http/params";
import { json, otherMethods, route } from "@/lib/http/route";
import { orderResponseSchema } from "@/lib/orders/dto";
import { cancelOwnOrder } from "@/lib/orders/status";

export const POST = route(
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
  },
  async ({ params, caller }) => json({ order: await cancelOwnOrder(caller.user.id, params.id) }),
);

export const { GET, PUT, PATCH, DELETE } = otherMethods(POST);
