import { parseJson } from "@/lib/http/body";
import { idParam } from "@/lib/http/params";
import { json, noContent, otherMethods, route } from "@/lib/http/route";
import { changeRoleSchema, changeUserRole, deleteUser } from "@/lib/users/administration";

type Context = { params: Promise<{ id: string }> };

export const PATCH = route<"admin", Context>("admin", async ({ request, context }) => {
  const id = idParam((await context.params).id, "user");
  const input = await parseJson(request, changeRoleSchema);
  return json({ user: await changeUserRole(id, input) });
});

export const DELETE = route<"admin", Context>("admin", async ({ context }) => {
  await deleteUser(idParam((await context.params).id, "user"));
  return noContent();
});

export const { GET, POST, PUT } = otherMethods("PATCH", "DELETE");
