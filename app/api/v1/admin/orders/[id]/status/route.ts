import { idPath } from "@/lib/http/params";
import { json, route, routeMethods } from "@/lib/http/route";
import { adminOrderResponseSchema } from "@/lib/orders/dto";
import { changeOrderStatusSchema } from "@/lib/orders/schemas";
import { changeOrderStatusAsAdmin } from "@/lib/payments/administration";
import * as sample from "@/app/api/v1/example-values";

const changeOrderStatusRoute = route(
  {
    method: "POST",
    path: "/api/v1/admin/orders/{id}/status",
    operationId: "changeOrderStatus",
    tag: "Administration",
    summary: "Move an order along its lifecycle",
    description:
      "placed -> paid -> shipped -> delivered; placed or paid -> cancelled. `trackingNumber` is required for (and only for) shipped. Setting the status the order already has is a no-op 200 (retries are safe); of two administrators changing one order at once, the second is judged against the first one's result. Reaching paid sends the order confirmation e-mail, shipped the tracking notice. `paid` here is a manual payment (cash, invoice): `reason` is required, kept with the payment and logged as activity. Cancelling a paid order refunds it in full through its provider (503 when the provider cannot be reached: the order is cancelled, and cancelling again retries the refund). `note` (optional, any status) is the administrator's note on the change: kept with its event and shown in `events[].note` to administrators only, never to the customer (their reads and webhooks leave it out).",
    access: "admin",
    params: idPath("order"),
    body: changeOrderStatusSchema,
    responses: { 200: { description: "The order after the change.", schema: adminOrderResponseSchema } },
    errors: ["illegal_transition"],
    examples: {
      params: { id: "123" },
      request: { status: "shipped", trackingNumber: "1Z999AA10123456784", note: "Two boxes taped together, as the customer asked." },
      response: {
        order: {
          ...sample.adminOrder,
          status: "shipped",
          trackingNumber: "1Z999AA10123456784",
          events: [...sample.order.events, { status: "shipped", at: "2026-11-25T08:15:00.000Z", note: "Two boxes taped together, as the customer asked." }],
        },
      },
    },
  },
  async ({ params, body, caller, meta }) => json({ order: await changeOrderStatusAsAdmin(params.id, body, caller.user.id, meta) }),
);

export const { GET, POST, PUT, PATCH, DELETE } = routeMethods(changeOrderStatusRoute);
