import {
  addressBookItemResponseSchema,
  addressBookResponseSchema,
  createAddress,
  createAddressSchema,
  listAddresses,
  MAX_ADDRESSES,
} from "@/lib/addresses/book";
import { json, route, routeMethods } from "@/lib/http/route";
import * as sample from "@/app/api/v1/example-values";

const listAddressesRoute = route(
  {
    method: "GET",
    path: "/api/v1/profile/addresses",
    operationId: "listAddresses",
    tag: "Profile",
    summary: "Your address book",
    description: `Every address you saved, oldest first (at most ${MAX_ADDRESSES}); at most one is the default sender.`,
    access: "user",
    responses: { 200: { description: "Your addresses.", schema: addressBookResponseSchema } },
    examples: { response: { items: [sample.addressItem] } },
  },
  async ({ caller }) => json({ items: await listAddresses(caller.user.id) }),
);

const createAddressRoute = route(
  {
    method: "POST",
    path: "/api/v1/profile/addresses",
    operationId: "createAddress",
    tag: "Profile",
    summary: "Save an address",
    description:
      "The address is checked for its country: the postal code's format wherever the country has postal codes, the phone number (stored in E.164). " +
      "With `isDefaultSender: true` it becomes the default sender and the previous default stops being one. " +
      `409 when the book already holds ${MAX_ADDRESSES} addresses.`,
    access: "user",
    body: createAddressSchema,
    responses: { 201: { description: "Saved.", schema: addressBookItemResponseSchema } },
    errors: ["conflict"],
    examples: { request: { label: "Warehouse", isDefaultSender: true, address: sample.addressItem.address }, response: { item: sample.addressItem } },
  },
  async ({ body, caller }) => json({ item: await createAddress(caller.user.id, body) }, { status: 201 }),
);

export const { GET, POST, PUT, PATCH, DELETE } = routeMethods(listAddressesRoute, createAddressRoute);
