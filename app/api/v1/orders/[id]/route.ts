import { idParam } from "@/lib/http/params";
import { json, otherMethods, route } from "@/lib/http/route";
import { getOrder } from "@/lib/orders/orders";

type Context = { params: Promise<{ id: string }> };

export const GET = route<"user", Context>("user", async ({ caller, context }) => {
  const { id } = await context.params;
  return json({ order: await getOrder(caller.user.id, idParam(id, "order")) });
});

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
