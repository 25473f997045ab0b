import { idPath } from "@/lib/http/params";
import { json, route, routeMethods } from "@/lib/http/route";
import { adminOrderResponseSchema } from "@/lib/orders/dto";
import { addTrackingEvent } from "@/lib/tracking/events";
import { addTrackingEventSchema } from "@/lib/tracking/schemas";
import * as sample from "@/app/api/v1/example-values";

const addTrackingEventRoute = route(
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
    examples: {
      params: { id: "123" },
      request: { status: "in_transit", location: "Leipzig hub" },
      response: {
        order: {
          ...sample.adminOrder,
          status: "shipped",
          trackingNumber: "KE123456785US",
          publicTrackingNumber: "KE123456785US",
          events: [...sample.order.events, { status: "paid", at: "2026-11-24T11:02:00.000Z" }, { status: "shipped", at: "2026-11-25T08:15:00.000Z" }],
          trackingEvents: [{ status: "in_transit", at: "2026-11-26T06:40:00.000Z", location: "Leipzig hub" }],
        },
      },
    },
  },
  async ({ params, body, caller }) => json({ order: await addTrackingEvent(params.id, body, caller.user.id) }, { status: 201 }),
);

export const { GET, POST, PUT, PATCH, DELETE } = routeMethods(addTrackingEventRoute);
