/** Request bodies and queries of the orders API (OpenAPI document, Shipping and orders). */
import { z } from "zod";
import { pageQueryShape } from "@/lib/pagination";
import { type Address, addressInputSchema, TEXT_PROBLEMS, textProblem } from "@/lib/addresses/schemas";
import type { CountryCode } from "@/lib/shipping/countries";
import type { DimensionsMm } from "@/lib/shipping/parcel";
import { checkOneWeight, destinationSchema, isObjectPayload, parcelInputSchema, weightKgSchema } from "@/lib/shipping/schemas";
import { weightKgToGrams } from "@/lib/shipping/weight";
import { noteText } from "@/lib/tracking/schemas";
import { ORDER_STATUSES } from "./lifecycle";

const REFERENCE_MAX_LENGTH = 100;

// Printable characters only: a reference is shown back to people and used as a key.
const reference = z
  .string({ error: "The reference must be text." })
  .trim()
  .min(1, "The reference cannot be empty.")
  .max(REFERENCE_MAX_LENGTH, `Use at most ${REFERENCE_MAX_LENGTH} characters.`)
  .regex(/^[\x20-\x7E]+$/, "Use printable ASCII characters only.")
  .meta({ description: `Your own identifier for the order (at most ${REFERENCE_MAX_LENGTH} characters). Retrying a create with the same reference returns the original order.`, example: "web-2026-11-24-0001" });

/** The first clients' fields (`{ weightKg, destination, reference? }`), for forms that build on them. */
export const createOrderFields = { weightKg: weightKgSchema, destination: destinationSchema, reference: reference.optional() };

/** An order's parsed fields with the weight in whole grams (the schema has already checked it is whole grams). */
export function inGrams<T extends { weightKg: number }>({ weightKg, ...order }: T): Omit<T, "weightKg"> & { weightGrams: number } {
  return { ...order, weightGrams: weightKgToGrams(weightKg)! };
}

const CONTENTS_DESCRIPTION_MAX = 200;
/** A declared value's upper bound (cents): customs forms cap far lower; this keeps int4 safe. */
export const MAX_DECLARED_VALUE_CENTS = 100_000_000;
// ISO 4217 codes as the runtime's ICU data knows them (well-kept data, not a table of ours).
const CURRENCIES: ReadonlySet<string> = new Set(Intl.supportedValuesOf("currency"));

/** What is inside, for customs (`contents`). */
export const contentsInputSchema = z
  .strictObject({
    description: z
      .string({ error: "Describe the contents." })
      .max(CONTENTS_DESCRIPTION_MAX * 4, `Use at most ${CONTENTS_DESCRIPTION_MAX} characters.`)
      .superRefine((value, ctx) => {
        const problem = textProblem(value);
        if (problem) ctx.addIssue({ code: "custom", message: TEXT_PROBLEMS[problem], continue: false });
      })
      .transform((value) => value.normalize("NFC").replace(/\p{Zs}+/gu, " ").trim())
      .pipe(z.string().min(1, "Describe the contents.").max(CONTENTS_DESCRIPTION_MAX, `Use at most ${CONTENTS_DESCRIPTION_MAX} characters.`))
      .meta({ example: "2 cotton T-shirts" }),
    valueCents: z
      .number({ error: "The declared value must be a whole number of cents." })
      .int("The declared value must be a whole number of cents.")
      .min(0, "The declared value cannot be negative.")
      .max(MAX_DECLARED_VALUE_CENTS, `The declared value can be at most ${MAX_DECLARED_VALUE_CENTS} cents.`)
      .meta({ description: "The declared value in minor units of `currency`.", example: 2500 }),
    currency: z
      .string({ error: "The currency must be an ISO 4217 code." })
      .regex(/^[A-Za-z]{3}$/, "The currency must be an ISO 4217 code.")
      .transform((code) => code.toUpperCase())
      .refine((code) => CURRENCIES.has(code), "Unknown currency code.")
      .meta({ example: "USD" }),
  })
  .meta({ id: "Contents", description: "What is inside, for customs: required when the destination's zone differs from the sender's country's zone." });
export type ContentsInput = z.output<typeof contentsInputSchema>;

/**
 * `sender`: an address, or `{ addressId }` of one in the caller's address book. A union: when it fails,
 * lib/http/errors.ts reports the errors of the shape that was sent (`sender.name`, `sender.addressId`).
 */
const senderInputSchema = z
  .union([
    z.strictObject({ addressId: z.int({ error: "addressId must be one of your addresses' ids." }).positive().max(2_147_483_647) }),
    addressInputSchema,
  ])
  .meta({ description: "An address, or `{ addressId }` of one in your address book; by default your default sender address." });
export type SenderInput = z.output<typeof senderInputSchema>;

/**
 * POST /api/v1/orders. The client says what to ship; the server decides the price (price fields are
 * refused). Two shapes, both kept: the first clients' `{ weightKg, destination }`, and
 * `{ parcel, recipient, sender?, contents? }`, where the destination is the recipient's country.
 * The weight leaves the schema in whole grams, the unit the order is priced and stored in.
 */
export const createOrderSchema = z
  .strictObject({
    weightKg: weightKgSchema.optional(),
    parcel: parcelInputSchema.optional(),
    destination: destinationSchema.optional(),
    recipient: addressInputSchema.optional(),
    sender: senderInputSchema.optional(),
    contents: contentsInputSchema.optional(),
    reference: reference.optional(),
  })
  .superRefine(
    (input, ctx) => {
      checkOneWeight(input, ctx);
      // The first clients' message when neither is sent (their form shows it by the country).
      if (input.destination === undefined && input.recipient === undefined) {
        ctx.addIssue({ code: "custom", path: ["destination"], message: "Destination is required." });
      }
      // Runs on partly invalid input too: compare only what parsed.
      const country = (input.recipient as { country?: unknown } | undefined)?.country;
      if (typeof input.destination === "string" && typeof country === "string" && input.destination !== country) {
        ctx.addIssue({ code: "custom", path: ["destination"], message: "The destination is the recipient's country; leave it out or make them agree." });
      }
    },
    { when: isObjectPayload },
  )
  .transform(({ weightKg, parcel, destination, recipient, sender, contents, reference }): CreateOrderInput => {
    const weight = parcel?.weightKg ?? weightKg!;
    return {
      weightGrams: weightKgToGrams(weight)!,
      ...(parcel?.dimensionsMm ? { dimensionsMm: parcel.dimensionsMm } : {}),
      // recipient.country is a checked country code (addressInputSchema).
      destination: destination ?? (recipient!.country as CountryCode),
      // An order placed with a parcel or a recipient is priced and kept as a parcel (chargeable
      // weight); one with only weightKg and destination is an old-style order, as before.
      addressed: parcel !== undefined || recipient !== undefined,
      ...(recipient ? { recipient } : {}),
      ...(sender ? { sender } : {}),
      ...(contents ? { contents } : {}),
      ...(reference !== undefined ? { reference } : {}),
    };
  });

export interface CreateOrderInput {
  weightGrams: number;
  dimensionsMm?: DimensionsMm;
  destination: CountryCode;
  addressed: boolean;
  recipient?: Address;
  sender?: SenderInput;
  contents?: ContentsInput;
  reference?: string;
}

/** PATCH /api/v1/orders/{id}: the addresses and contents of an order that is still `placed`. */
export const updateOrderSchema = z
  .strictObject({
    recipient: addressInputSchema.optional(),
    sender: senderInputSchema.optional(),
    // null removes a declaration that is no longer needed.
    contents: contentsInputSchema.nullable().optional(),
  })
  .refine((input) => input.recipient !== undefined || input.sender !== undefined || input.contents !== undefined, {
    message: "Send recipient, sender or contents.",
  })
  .meta({ id: "UpdateOrderRequest", example: { contents: { description: "2 cotton T-shirts", valueCents: 2500, currency: "USD" } } });
export type UpdateOrderInput = z.output<typeof updateOrderSchema>;

export const listOrdersQuerySchema = z.strictObject(pageQueryShape);
export type ListOrdersQuery = z.output<typeof listOrdersQuerySchema>;

const status = z.enum(ORDER_STATUSES, { error: `Use one of ${ORDER_STATUSES.join(", ")}.` });

const trackingNumber = z
  .string({ error: "The tracking number must be text." })
  .trim()
  .min(1, "The tracking number cannot be empty.")
  .max(100, "Use at most 100 characters.")
  .regex(/^[\x20-\x7E]+$/, "Use printable ASCII characters only.")
  .meta({
    description: "A carrier's tracking number, only with `shipped` and optional: the order already has Keel's own S10 number from the moment it is paid.",
    example: "1Z999AA10123456784",
  });

const reason = z
  .string({ error: "The reason must be text." })
  .trim()
  .min(1, "Say how the order was paid (cash, invoice number).")
  .max(500, "Use at most 500 characters.")
  .meta({ description: "Required for (and only for) `paid`: how it was paid outside the app (cash, invoice number). Kept with the payment.", example: "Cash at the counter" });

const statusNote = noteText.meta({
  description:
    "Optional, any status: why the change was made (a phone call, a stock problem). Kept with the status event and shown to administrators only, never to the customer; a repeat of the current status (a no-op) keeps no note.",
  example: "Customer asked by phone to cancel.",
});

/** POST /api/v1/admin/orders/{id}/status. */
export const changeOrderStatusSchema = z
  .strictObject({ status, trackingNumber: trackingNumber.optional(), reason: reason.optional(), note: statusNote.optional() })
  .superRefine((input, ctx) => {
    if (input.status !== "shipped" && input.trackingNumber !== undefined) {
      ctx.addIssue({ code: "custom", path: ["trackingNumber"], message: "Only a shipped order has a tracking number." });
    }
    // A manual payment (cash, invoice) must say what it was: it is the only record of that money.
    if (input.status === "paid" && input.reason === undefined) {
      ctx.addIssue({ code: "custom", path: ["reason"], message: "Say how the order was paid (cash, invoice number)." });
    }
    if (input.status !== "paid" && input.reason !== undefined) {
      ctx.addIssue({ code: "custom", path: ["reason"], message: "Only a manual payment has a reason." });
    }
  })
  .meta({ id: "ChangeOrderStatusRequest", example: { status: "shipped", trackingNumber: "1Z999AA10123456784" } });
export type ChangeOrderStatusInput = z.output<typeof changeOrderStatusSchema>;

/** GET /api/v1/admin/orders: every customer's orders, newest first, optionally by status and customer. */
export const adminListOrdersQuerySchema = z.strictObject({
  ...pageQueryShape,
  status: status.optional(),
  userId: z.coerce
    .number({ error: "userId must be a user's id." })
    .int("userId must be a user's id.")
    .min(1, "userId must be a user's id.")
    .max(2_147_483_647, "userId must be a user's id.")
    .optional(),
});
export type AdminListOrdersQuery = z.output<typeof adminListOrdersQuerySchema>;
