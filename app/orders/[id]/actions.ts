"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { NotFound } from "@/lib/errors";
import { formAction } from "@/lib/forms/action";
import { cancelOwnOrder } from "@/lib/orders/status";
import { updateOrder } from "@/lib/orders/orders";
import { updateOrderSchema } from "@/lib/orders/schemas";
import { decimal, shipmentFromForm } from "@/app/shipping/shipment-form";

const orderIdField = z.coerce.number().int().positive().max(2_147_483_647);
const cancelForm = z.object({ orderId: orderIdField });

export const cancelOrder = formAction("user", cancelForm, async ({ orderId }, { caller }) => {
  await cancelOwnOrder(caller.user.id, orderId);
  redirect(`/orders/${orderId}?cancelled=1`);
});

/**
 * "Edit shipment details" of a placed order: OrderDetails' inputs read as PATCH /api/v1/orders/{id}'s
 * body and judged by its schema, then the same domain function (updateOrder: owner only, only while
 * placed, the recipient in the country the order was priced for, customs). The order's id travels
 * as `$orderId`, outside the body, so that the body's field errors are exactly the API's.
 */
const editShipmentForm = z
  .looseObject({ destination: z.string().optional(), "contents.value": decimal })
  .transform((form, ctx): unknown => shipmentFromForm(form as Record<string, unknown>, form.destination, form["contents.value"], ctx))
  .pipe(z.unknown().pipe(updateOrderSchema));

export const editShipment = formAction("user", editShipmentForm, async (input, { caller, formData }) => {
  const orderId = orderIdField.safeParse(formData.get("$orderId"));
  if (!orderId.success) throw new NotFound("There is no such order.");
  await updateOrder(caller.user.id, orderId.data, input);
  redirect(`/orders/${orderId.data}?updated=1`);
});
