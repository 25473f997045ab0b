"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { formAction } from "@/lib/forms/action";
import { optionalFromForm } from "@/lib/forms/values";
import { createOrder } from "@/lib/orders/orders";
import { createOrderSchema } from "@/lib/orders/schemas";
import { quoteShipping } from "@/lib/shipping/quote";
import { decimal, shipmentFromForm } from "./shipment-form";
import { type OrderReview, type PlaceOrderState, REVIEW_FIELDS, reviewConfirmed } from "./review";


/**
 * The web form's flat fields as the API's body, then the API's own schema (createOrderSchema): the
 * form is judged exactly as POST /api/v1/orders judges a body. Without recipient fields it is the
 * first clients' order ({ weightKg, destination }); without dimensions no `parcel` is needed.
 */
const placeOrderForm = z
  .looseObject({
    weightKg: decimal,
    lengthCm: decimal,
    widthCm: decimal,
    heightCm: decimal,
    "contents.value": decimal,
  })
  // The body is checked by the pipe, not typed here: it is what a client would have sent.
  .transform((form, ctx): unknown => {
    const raw = form as Record<string, unknown>;
    const text = (name: string) => optionalFromForm(raw[name]);
    const dimensions = { lengthCm: form.lengthCm, widthCm: form.widthCm, heightCm: form.heightCm };
    const withDimensions = Object.values(dimensions).some((value) => value !== undefined);
    const destination = text("destination");
    const shipment = shipmentFromForm(raw, destination, form["contents.value"], ctx);
    return {
      ...(withDimensions ? { parcel: { weightKg: form.weightKg, ...dimensions } } : { weightKg: form.weightKg }),
      ...(shipment.recipient ? {} : { destination }),
      ...shipment,
      ...(text("reference") !== undefined ? { reference: text("reference") } : {}),
    };
  })
  .pipe(z.unknown().pipe(createOrderSchema));

export const placeOrder = formAction("user", placeOrderForm, async (input, { caller, formData }): Promise<PlaceOrderState | void> => {
  // Priced as createOrder will price it (chargeable weight from the dimensions, the caller's loyalty).
  const quote = await quoteShipping({ weightKg: input.weightGrams / 1000, dimensionsMm: input.dimensionsMm, destination: input.destination }, caller.user);
  const review: OrderReview = {
    destination: input.destination,
    weightGrams: input.weightGrams,
    weightKg: quote.weightKg,
    totalCents: quote.totalCents,
    currency: quote.currency,
  };
  if (!reviewConfirmed(formData, review)) {
    // A confirmation that no longer matches: the price (or the form) changed after the review.
    const changed = formData.get(REVIEW_FIELDS.totalCents) !== null;
    return { review, ...(changed ? { message: "The price changed since you checked it. Check the order again." } : {}) };
  }
  const { order, created } = await createOrder(caller.user.id, input);
  // A reference used before with the same parcel is a retry: the first order, not a second one.
  redirect(`/orders/${order.id}?placed=${created ? "1" : "before"}`);
});
