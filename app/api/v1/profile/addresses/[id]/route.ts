import { addressBookItemResponseSchema, deleteAddress, updateAddress, updateAddressSchema } from "@/lib/addresses/book";
import { idPath } from "@/lib/http/params";
import { json, noContent, otherMethods, route } from "@/lib/http/route";

export const PATCH = route(
  {
    method: "PATCH",
    path: "/api/v1/profile/addresses/{id}",
    operationId: "updateAddress",
    tag: "Profile",
    summary: "Change a saved address",
    description:
      "Any of `label`, `isDefaultSender` and `address` (replaced whole). Orders placed with it keep their own copy. Another user's address is 404.",
    access: "user",
    params: idPath("address"),
    body: updateAddressSchema,
    responses: { 200: { description: "Changed.", schema: addressBookItemResponseSchema } },
  },
  async ({ params, body, caller }) => json({ item: await updateAddress(caller.user.id, params.id, body) }),
);

export const DELETE = route(
  {
    method: "DELETE",
    path: "/api/v1/profile/addresses/{id}",
    operationId: "deleteAddress",
    tag: "Profile",
    summary: "Delete a saved address",
    description: "Orders placed with it keep their own copy. Another user's address is 404.",
    access: "user",
    params: idPath("address"),
    responses: { 204: { description: "Deleted." } },
  },
  async ({ params, caller }) => {
    await deleteAddress(caller.user.id, params.id);
    return noContent();
  },
);

export const { GET, POST, PUT } = otherMethods(PATCH, DELETE);
