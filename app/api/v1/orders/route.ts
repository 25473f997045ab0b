import { parseJson, parseQuery } from "@/lib/http/body";
import { json, otherMethods, route } from "@/lib/http/route";
import { createOrder, listOrders } from "@/lib/orders/orders";
import { createOrderSchema, listOrdersQuerySchema } from "@/lib/orders/schemas";

export const GET = route("user", async ({ request, caller }) =>
  json(await listOrders(caller.user.id, parseQuery(request, listOrdersQuerySchema))),
);

export const POST = route("user", async ({ request, caller }) => {
  const input = await parseJson(request, createOrderSchema);
  const { order, created } = await createOrder(caller.user.id, input);
  return json({ order }, { status: created ? 201 : 200 });
});

export const { PUT, PATCH, DELETE } = otherMethods("GET", "POST");
