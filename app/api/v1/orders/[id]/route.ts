import { preload } from "@/lib/auth/sessions/session-fragment";
import { idPath } from "@/lib/http/params";
import { json, route, routeMethods } from "@/lib/http/route";
import { orderResponseSchema } from "@/lib/orders/dto";
import { getOrder, updateOrder } from "@/lib/orders/orders";
import { orderFragment } from "@/lib/orders/preload";
import { updateOrderSchema } from "@/lib/orders/schemas";
import * as sample from "@/app/api/v1/example-values";

const getOrderRoute = route(
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
    examples: { params: { id: "123" }, response: { order: sample.order } },
  },
  async ({ params, caller }) => json({ order: await getOrder(caller.user, params.id) }),
);

const updateOrderRoute = route(
  {
    method: "PATCH",
    path: "/api/v1/orders/{id}",
    operationId: "updateOrder",
    apiKeyScope: "orders:write",
    tag: "Shipping and orders",
    summary: "Change an order's addresses or contents",
    description:
      "Only while the order is `placed` (409 afterwards). `sender` may be `{ addressId }` of your address book; `contents: null` removes the declaration. " +
      "The price stays: the recipient must be in the country the order was priced for. An order can be paid only once it has a recipient and a sender.",
    access: "user",
    params: idPath("order"),
    body: updateOrderSchema,
    responses: { 200: { description: "The order as it is now.", schema: orderResponseSchema } },
    errors: ["conflict"],
    examples: {
      params: { id: "123" },
      request: { sender: { addressId: 12 }, contents: sample.order.contents },
      response: { order: sample.order },
    },
  },
  async ({ params, body, caller }) => json({ order: await updateOrder(caller.user.id, params.id, body) }),
);

export const { GET, POST, PUT, PATCH, DELETE } = routeMethods(getOrderRoute, updateOrderRoute);
