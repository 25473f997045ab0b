"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { formAction } from "@/lib/forms/action";
import { decimalFromForm, optionalFromForm } from "@/lib/forms/values";
import { createOrder } from "@/lib/orders/orders";
import { createOrderSchema } from "@/lib/orders/schemas";

// The API's own schema, fed with the form's strings turned into the types it takes.
const placeOrderForm = z.preprocess((form: Record<string, string>) => ({
  weightKg: decimalFromForm(form.weightKg),
  destination: optionalFromForm(form.destination),
  reference: optionalFromForm(form.reference),
}), createOrderSchema);

export const placeOrder = formAction("user", placeOrderForm, async (input, caller) => {
  const { order, created } = await createOrder(caller.user.id, input);
  // A reference used before with the same parcel is a retry: the first order, not a second one.
  redirect(`/orders/${order.id}?placed=${created ? "1" : "before"}`);
});
