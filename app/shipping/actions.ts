"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { formAction } from "@/lib/forms/action";
import { optionalFromForm, readDecimal } from "@/lib/forms/values";
import { createOrder } from "@/lib/orders/orders";
import { createOrderFields, inGrams } from "@/lib/orders/schemas";

const api = createOrderFields;

// The API's own field schemas, fed with the form's strings turned into the types they take. The
// weight is read first: a refused reading ("1,000") is that field's error, and the other fields are
// still checked, so every problem shows at once.
const placeOrderForm = z.strictObject({
  weightKg: z
    .unknown()
    .transform((typed, ctx) => {
      const read = readDecimal(typed);
      if (read.ok) return read.value;
      ctx.addIssue({ code: "custom", message: read.message });
      return z.NEVER;
    })
    .pipe(api.weightKg),
  destination: z.preprocess(optionalFromForm, api.destination),
  reference: z.preprocess(optionalFromForm, api.reference),
}).transform((order) => ({ ...inGrams(order), addressed: false }));

export const placeOrder = formAction("user", placeOrderForm, async (input, caller) => {
  const { order, created } = await createOrder(caller.user.id, input);
  // A reference used before with the same parcel is a retry: the first order, not a second one.
  redirect(`/orders/${order.id}?placed=${created ? "1" : "before"}`);
});
