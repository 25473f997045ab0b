import { idPath } from "@/lib/http/params";
import { json, otherMethods, route } from "@/lib/http/route";
import { adminOrderResponseSchema } from "@/lib/orders/dto";
import { addTrackingEvent } from "@/lib/tracking/events";
import { addTrackingEventSchema } from "@/lib/tracking/schemas";

export const POST = route(
  {
    method: "POST",
    path: "/api/v1/admin/orders/{id}/tracking-events",
    operationId: "addTrackingEvent",
    tag: "Administration",
    summary: "Record what happened to a parcel on its way",
    description:
      "in_transit, out_for_delivery or delivery_failed, with an optional public `location` and a `note` for the customer and administrators. Only while the order is paid or shipped (409 otherwise); `delivered` is the status route's. The public timeline shows it at once, and the recipient (when the order has `recipient.email`) gets an e-mail.",
    access: "admin",
    params: idPath("order"),
    body: addTrackingEventSchema,
    responses: { 201: { description: "The order with the new event in `trackingEvents`.", schema: adminOrderResponseSchema } },
    errors: ["conflict"],
  },
  async ({ params, body, caller }) => json({ order: await addTrackingEvent(params.id, body, caller.user.id) }, { status: 201 }),
);

export const { GET, PUT, PATCH, DELETE } = otherMethods(POST);
