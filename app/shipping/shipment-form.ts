/**
 * The shipment part of the web forms (OrderDetails' inputs: recipient, sender, contents) read as the
 * API's body names it, for the two forms that carry it: placing an order (./actions.ts, then
 * createOrderSchema) and completing a placed order's details (app/orders/[id]/actions.ts, then
 * updateOrderSchema). The forms are judged exactly as POST and PATCH /api/v1/orders judge a body.
 */
import { z } from "zod";
import { addressInputSchema } from "@/lib/addresses/schemas";
import { optionalFromForm, readDecimal } from "@/lib/forms/values";
import { CURRENCY } from "@/lib/shipping/pricing";
import { NEW_SENDER, RECIPIENT_FIELDS, SENDER_FIELDS } from "./order-fields";

// A typed decimal ("2,5", " 1.5 ") read as the API reads numbers; a refused reading ("1,000") is
// that field's error, with the reason. Optional: an input the form does not show (the declared
// value outside customs) is absent from the FormData, and zod 4 refuses an absent key for a bare
// transform ("expected nonoptional") instead of reading it as not given.
export const decimal = z
  .unknown()
  .transform((typed, ctx) => {
    const read = readDecimal(typed);
    if (read.ok) return read.value;
    ctx.addIssue({ code: "custom", message: read.message });
    return z.NEVER;
  })
  .optional();

/** Dollars as typed, in cents when exact to the cent; anything else is left for the schema to refuse. */
function toCents(value: unknown): unknown {
  if (typeof value !== "number" || !Number.isFinite(value)) return value;
  const cents = Math.round(value * 100);
  return Math.abs(cents - value * 100) < 1e-6 ? cents : value * 100;
}

/** The typed fields `${prefix}.name`, ... that are not blank. */
function typedAddress(raw: Record<string, unknown>, prefix: string, fields: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(fields.map((field) => [field, optionalFromForm(raw[`${prefix}.${field}`])]).filter(([, value]) => value !== undefined));
}

export interface ShipmentBody {
  recipient?: Record<string, unknown>;
  sender?: Record<string, unknown>;
  contents?: Record<string, unknown>;
}

/**
 * recipient (with the given country: the destination picker's, or the placed order's), sender (an
 * address-book id, or an address typed in the form) and contents, each only when the form has it.
 * `contentsValue` is the declared value as `decimal` read it. An entered sender is checked here with
 * the API's own address schema so that its errors name its fields (sender.line1, ...): the API's
 * `sender` is a union (address or `{ addressId }`), whose failure names only `sender`.
 */
export function shipmentFromForm(raw: Record<string, unknown>, recipientCountry: unknown, contentsValue: unknown, ctx: z.RefinementCtx): ShipmentBody {
  const recipient = typedAddress(raw, "recipient", RECIPIENT_FIELDS);
  const senderChoice = optionalFromForm(raw["sender.addressId"]);
  let sender: Record<string, unknown> | undefined;
  if (senderChoice === NEW_SENDER) {
    const entered = addressInputSchema.safeParse(typedAddress(raw, "sender", SENDER_FIELDS));
    if (entered.success) sender = { ...entered.data };
    else for (const issue of entered.error.issues) ctx.addIssue({ code: "custom", message: issue.message, path: ["sender", ...issue.path] });
  } else if (senderChoice !== undefined) {
    sender = { addressId: Number(senderChoice) };
  }
  const description = optionalFromForm(raw["contents.description"]);
  return {
    ...(Object.keys(recipient).length > 0 ? { recipient: { ...recipient, country: recipientCountry } } : {}),
    ...(sender ? { sender } : {}),
    ...(description !== undefined || contentsValue !== undefined ? { contents: { description, valueCents: toCents(contentsValue), currency: CURRENCY } } : {}),
  };
}
