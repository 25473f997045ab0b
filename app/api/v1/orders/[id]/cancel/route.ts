import { idParam } from "@/lib/http/params";
import { json, otherMethods, route } from "@/lib/http/route";
import { cancelOwnOrder } from "@/lib/orders/status";

type Context = { params: Promise<{ id: string }> };

export const POST = route<"user", Context>("user", async ({ caller, context }) => {
  const { id } = await context.params;
  return json({ order: await cancelOwnOrder(caller.user.id, idParam(id, "order")) });
});

export const { GET, PUT, PATCH, DELETE } = otherMethods("POST");
