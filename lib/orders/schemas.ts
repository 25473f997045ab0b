/** Request bodies and queries of the orders API (OpenAPI document, Shipping and orders). */
import { z } from "zod";
import { pageQueryShape } from "@/lib/pagination";
import { quoteInputSchema } from "@/lib/shipping/schemas";
import { weightKgToGrams } from "@/lib/shipping/weight";
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

/**
 * The client says what to ship; the server decides the price. Price fields are refused. The weight
 * arrives in kilograms and leaves the schema in whole grams, the unit the order is priced and stored
 * in, so nothing after this converts it again.
 */
export const createOrderFields = quoteInputSchema.extend({ reference: reference.optional() }).shape;

/** An order's parsed fields with the weight in whole grams (the schema has already checked it is whole grams). */
export function inGrams<T extends { weightKg: number }>({ weightKg, ...order }: T): Omit<T, "weightKg"> & { weightGrams: number } {
  return { ...order, weightGrams: weightKgToGrams(weightKg)! };
}

export const createOrderSchema = z.strictObject(createOrderFields).transform(inGrams);
export type CreateOrderInput = z.output<typeof createOrderSchema>;

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

/** POST /api/v1/admin/orders/{id}/status. */
export const changeOrderStatusSchema = z
  .strictObject({ status, trackingNumber: trackingNumber.optional(), reason: reason.optional() })
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
