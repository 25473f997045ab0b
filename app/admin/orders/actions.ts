"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { formAction } from "@/lib/forms/action";
import { optionalFromForm } from "@/lib/forms/values";
import { changeOrderStatusSchema } from "@/lib/orders/schemas";
import { changeOrderStatusAsAdmin } from "@/lib/payments/administration";
import { STATUS_LABELS, TRACKING_STATUS_LABELS } from "@/app/orders/status-labels";
import { addTrackingEvent } from "@/lib/tracking/events";
import { addTrackingEventSchema } from "@/lib/tracking/schemas";

// The API's own schema, plus which order; an empty tracking number or note field means none. The
// note is `statusNote` in the form: the row's tracking event form has a `note` of its own.
const changeStatusForm = z.preprocess(
  (form: Record<string, string>) => ({
    orderId: form.orderId,
    body: {
      status: optionalFromForm(form.status),
      trackingNumber: optionalFromForm(form.trackingNumber),
      reason: optionalFromForm(form.reason),
      note: optionalFromForm(form.statusNote),
    },
  }),
  z.object({ orderId: z.coerce.number().int().positive().max(2_147_483_647), body: changeOrderStatusSchema }),
);

export const changeStatus = formAction("admin", changeStatusForm, async ({ orderId, body }, { caller, meta }) => {
  const order = await changeOrderStatusAsAdmin(orderId, body, caller.user.id, meta);
  revalidatePath("/admin/orders");
  revalidatePath(`/orders/${order.id}`);
  return { ok: true, message: `Order #${order.id} is ${STATUS_LABELS[order.status].toLowerCase()}.` };
});

// The API's own schema, plus which order. The status field is `eventStatus` in the form: the row's
// status form already has a `status` (their error messages are found by field name).
const trackingEventForm = z.preprocess(
  (form: Record<string, string>) => ({
    orderId: form.orderId,
    body: { status: optionalFromForm(form.eventStatus), location: optionalFromForm(form.location), note: optionalFromForm(form.note) },
  }),
  z.object({ orderId: z.coerce.number().int().positive().max(2_147_483_647), body: addTrackingEventSchema }),
);

export const addTrackingEventAction = formAction("admin", trackingEventForm, async ({ orderId, body }, { caller }) => {
  const order = await addTrackingEvent(orderId, body, caller.user.id);
  revalidatePath("/admin/orders");
  return { ok: true, message: `Recorded on order #${order.id}: ${TRACKING_STATUS_LABELS[body.status].toLowerCase()}.` };
});
