import { parseJson } from "@/lib/http/body";
import { idParam } from "@/lib/http/params";
import { json, otherMethods, route } from "@/lib/http/route";
import { changeOrderStatusSchema } from "@/lib/orders/schemas";
import { changeOrderStatus } from "@/lib/orders/status";

type Context = { params: Promise<{ id: string }> };

export const POST = route<"admin", Context>("admin", async ({ request, caller, context }) => {
  const id = idParam((await context.params).id, "order");
  const input = await parseJson(request, changeOrderStatusSchema);
  return json({ order: await changeOrderStatus(id, input, { role: "admin", userId: caller.user.id }) });
});

export const { GET, PUT, PATCH, DELETE } = otherMethods("POST");
