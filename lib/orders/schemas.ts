/** Request bodies and queries of the orders API (OpenAPI document, Shipping and orders). */
import { z } from "zod";
import { pageQueryShape } from "@/lib/pagination";
import { quoteInputSchema } from "@/lib/shipping/schemas";
import { weightKgToGrams } from "@/lib/shipping/weight";

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
export const createOrderSchema = quoteInputSchema
  .extend({ reference: reference.optional() })
  .transform(({ weightKg, ...order }) => ({ ...order, weightGrams: weightKgToGrams(weightKg)! }));
export type CreateOrderInput = z.output<typeof createOrderSchema>;

export const listOrdersQuerySchema = z.strictObject(pageQueryShape);
export type ListOrdersQuery = z.output<typeof listOrdersQuerySchema>;
