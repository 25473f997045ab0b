import { addressBookItemResponseSchema, deleteAddress, updateAddress, updateAddressSchema } from "@/lib/addresses/book";
import { idPath } from "@/lib/http/params";
import { json, noContent, route, routeMethods } from "@/lib/http/route";
import * as sample from "@/app/api/v1/example-values";

const updateAddressRoute = route(
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
    examples: { params: { id: "12" }, request: { label: "Main warehouse" }, response: { item: { ...sample.addressItem, label: "Main warehouse" } } },
  },
  async ({ params, body, caller }) => json({ item: await updateAddress(caller.user.id, params.id, body) }),
);

const deleteAddressRoute = route(
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
    examples: { params: { id: "12" }, response: null },
  },
  async ({ params, caller }) => {
    await deleteAddress(caller.user.id, params.id);
    return noContent();
  },
);

export const { GET, POST, PUT, PATCH, DELETE } = routeMethods(updateAddressRoute, deleteAddressRoute);
