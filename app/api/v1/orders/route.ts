import { json, route, routeMethods } from "@/lib/http/route";
import { orderResponseSchema, orderSchema } from "@/lib/orders/dto";
import { preload } from "@/lib/auth/sessions/session-fragment";
import { createOrder, listOrders, orderPageWindow } from "@/lib/orders/orders";
import { orderPageFragment } from "@/lib/orders/preload";
import { createOrderSchema, listOrdersQuerySchema } from "@/lib/orders/schemas";
import { pageSchema } from "@/lib/pagination";
import * as sample from "@/app/api/v1/example-values";

const listOrdersRoute = route(
  {
    method: "GET",
    path: "/api/v1/orders",
    operationId: "listOrders",
    apiKeyScope: "orders:read",
    tag: "Shipping and orders",
    summary: "Your orders, newest first",
    access: "user",
    query: listOrdersQuerySchema,
    // The page and each order's events in the session check's statement.
    sessionExtras: ({ query }) => [preload(orderPageFragment, orderPageWindow(query))],
    responses: { 200: { description: "A page of orders.", schema: pageSchema("OrderPage", orderSchema) } },
    examples: { query: { limit: 10 }, response: { items: [sample.order], nextCursor: null } },
  },
  async ({ query, caller }) => json(await listOrders(caller.user, query)),
);

const createOrderRoute = route(
  {
    method: "POST",
    path: "/api/v1/orders",
    operationId: "createOrder",
    apiKeyScope: "orders:write",
    tag: "Shipping and orders",
    summary: "Place an order",
    description:
      "The price is computed by the server. With `reference`, retrying returns the original order (200) instead of placing another; the same reference with a different parcel is 409.",
    access: "user",
    body: createOrderSchema.meta({ id: "CreateOrderRequest", example: { weightKg: 2.1, destination: "DE", reference: "web-2026-11-24-0001" } }),
    responses: {
      201: { description: "Placed.", schema: orderResponseSchema },
      200: { description: "Already placed with this reference.", schema: orderResponseSchema },
    },
    errors: ["conflict"],
    examples: {
      request: {
        parcel: sample.order.parcel,
        recipient: { ...sample.order.recipient, phone: "0221 1234567" },
        sender: { addressId: 12 },
        contents: sample.order.contents,
        reference: "app-7f3a-0001",
      },
      response: { order: sample.order },
    },
  },
  async ({ body, caller }) => {
    const { order, created } = await createOrder(caller.user.id, body);
    return json({ order }, { status: created ? 201 : 200 });
  },
);

export const { GET, POST, PUT, PATCH, DELETE } = routeMethods(listOrdersRoute, createOrderRoute);
