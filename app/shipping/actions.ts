"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { formAction } from "@/lib/forms/action";
import { optionalFromForm, readDecimal } from "@/lib/forms/values";
import { createOrder } from "@/lib/orders/orders";
import { createOrderSchema } from "@/lib/orders/schemas";
import { CURRENCY } from "@/lib/shipping/pricing";
import { quoteShipping } from "@/lib/shipping/quote";
import { RECIPIENT_FIELDS } from "./order-fields";
import { type OrderReview, type PlaceOrderState, REVIEW_FIELDS, reviewConfirmed } from "./review";


// A typed decimal ("2,5", " 1.5 ") read as the API reads numbers; a refused reading ("1,000") is
// that field's error, with the reason.
const decimal = z.unknown().transform((typed, ctx) => {
  const read = readDecimal(typed);
  if (read.ok) return read.value;
  ctx.addIssue({ code: "custom", message: read.message });
  return z.NEVER;
});

/** Dollars as typed, in cents when exact to the cent; anything else is left for the schema to refuse. */
function toCents(value: unknown): unknown {
  if (typeof value !== "number" || !Number.isFinite(value)) return value;
  const cents = Math.round(value * 100);
  return Math.abs(cents - value * 100) < 1e-6 ? cents : value * 100;
}

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
  .transform((form): unknown => {
    const raw = form as Record<string, unknown>;
    const text = (name: string) => optionalFromForm(raw[name]);
    const dimensions = { lengthCm: form.lengthCm, widthCm: form.widthCm, heightCm: form.heightCm };
    const withDimensions = Object.values(dimensions).some((value) => value !== undefined);
    const recipient = Object.fromEntries(RECIPIENT_FIELDS.map((field) => [field, text(`recipient.${field}`)]).filter(([, value]) => value !== undefined));
    const destination = text("destination");
    const sender = text("sender.addressId");
    const description = text("contents.description");
    const value = form["contents.value"];
    return {
      ...(withDimensions ? { parcel: { weightKg: form.weightKg, ...dimensions } } : { weightKg: form.weightKg }),
      ...(Object.keys(recipient).length > 0 ? { recipient: { ...recipient, country: destination } } : { destination }),
      ...(sender !== undefined ? { sender: { addressId: Number(sender) } } : {}),
      ...(description !== undefined || value !== undefined ? { contents: { description, valueCents: toCents(value), currency: CURRENCY } } : {}),
      ...(text("reference") !== undefined ? { reference: text("reference") } : {}),
    };
  })
  .pipe(z.unknown().pipe(createOrderSchema));

export const placeOrder = formAction("user", placeOrderForm, async (input, caller, formData): Promise<PlaceOrderState | void> => {
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
