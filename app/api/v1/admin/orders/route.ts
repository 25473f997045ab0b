import { json, route, routeMethods } from "@/lib/http/route";
import { adminOrderSchema } from "@/lib/orders/dto";
import { adminListOrdersQuerySchema } from "@/lib/orders/schemas";
import { listAllOrders } from "@/lib/orders/status";
import { pageSchema } from "@/lib/pagination";
import * as sample from "@/app/api/v1/example-values";

const listAllOrdersRoute = route(
  {
    method: "GET",
    path: "/api/v1/admin/orders",
    operationId: "listAllOrders",
    tag: "Administration",
    summary: "Every customer's orders, newest first, by status and/or customer",
    access: "admin",
    query: adminListOrdersQuerySchema,
    responses: { 200: { description: "A page of orders.", schema: pageSchema("AdminOrderPage", adminOrderSchema) } },
    examples: { query: { status: "placed", userId: 7 }, response: { items: [sample.adminOrder], nextCursor: null } },
  },
  async ({ query }) => json(await listAllOrders(query)),
);

export const { GET, POST, PUT, PATCH, DELETE } = routeMethods(listAllOrdersRoute);
