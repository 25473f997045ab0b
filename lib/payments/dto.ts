/** The only shape in which a payment leaves the server (API.md, Payments: `payment`). */
import { z } from "zod";
import type { Payment } from "@/lib/db/generated/client";

export const PAYMENT_PROVIDERS = ["stripe", "test", "manual"] as const;
export const PAYMENT_STATUSES = ["pending", "succeeded", "failed", "refunded"] as const;

export const paymentSchema = z
  .strictObject({
    id: z.int().positive(),
    provider: z.enum(PAYMENT_PROVIDERS),
    status: z.enum(PAYMENT_STATUSES),
    amountCents: z.int().nonnegative().meta({ description: "Exactly the order's total when the payment started." }),
    currency: z.string().length(3),
    createdAt: z.iso.datetime(),
    paidAt: z.iso.datetime().optional(),
    refundedAt: z.iso.datetime().optional(),
    card: z.strictObject({ brand: z.string(), last4: z.string().length(4) }).optional().meta({ description: "The card that paid (the receipt)." }),
    failureReason: z.string().optional().meta({ description: "Why the last try failed (a declined card, an amount that was not the order's)." }),
    clientSecret: z
      .string()
      .optional()
      .meta({ description: "Stripe's PaymentIntent client secret, for the Payment Element or the mobile SDK: only to the owner, only while pending." }),
    publishableKey: z.string().optional().meta({ description: "Stripe's publishable key, beside clientSecret." }),
  })
  .meta({
    id: "Payment",
    example: {
      id: 7,
      provider: "stripe",
      status: "succeeded",
      amountCents: 630,
      currency: "USD",
      createdAt: "2026-12-05T09:30:00.000Z",
      paidAt: "2026-12-05T09:31:12.000Z",
      card: { brand: "visa", last4: "4242" },
    },
  });

export type PaymentDto = z.output<typeof paymentSchema>;

export type PaymentRow = Pick<
  Payment,
  "id" | "provider" | "status" | "amountCents" | "currency" | "createdAt" | "paidAt" | "refundedAt" | "cardBrand" | "cardLast4" | "failureReason"
>;

/** `select` for the columns the mapper reads. */
export const paymentColumns = {
  id: true,
  provider: true,
  status: true,
  amountCents: true,
  currency: true,
  createdAt: true,
  paidAt: true,
  refundedAt: true,
  cardBrand: true,
  cardLast4: true,
  failureReason: true,
} as const satisfies Record<keyof PaymentRow, true>;

export function toPaymentDto(row: PaymentRow): PaymentDto {
  return {
    id: row.id,
    provider: row.provider,
    status: row.status,
    amountCents: row.amountCents,
    currency: row.currency,
    createdAt: row.createdAt.toISOString(),
    ...(row.paidAt ? { paidAt: row.paidAt.toISOString() } : {}),
    ...(row.refundedAt ? { refundedAt: row.refundedAt.toISOString() } : {}),
    ...(row.cardBrand && row.cardLast4 ? { card: { brand: row.cardBrand, last4: row.cardLast4 } } : {}),
    ...(row.failureReason ? { failureReason: row.failureReason } : {}),
  };
}

/** The order's payment as the session check's JSON carries it (lib/auth/session-user.ts), read into a row. */
const isoDate = z.iso.datetime().transform((value) => new Date(value));
export const paymentRowSchema = z.object({
  id: z.int(),
  provider: z.enum(PAYMENT_PROVIDERS),
  status: z.enum(PAYMENT_STATUSES),
  amountCents: z.int(),
  currency: z.string(),
  createdAt: isoDate,
  paidAt: isoDate.nullable(),
  refundedAt: isoDate.nullable(),
  cardBrand: z.string().nullable(),
  cardLast4: z.string().nullable(),
  failureReason: z.string().nullable(),
}) satisfies z.ZodType<PaymentRow, unknown>;

/** The SQL twin of `paymentColumns` for the session check's statement: the order's newest payment, as a one-element JSON array. */
export function paymentJsonOf(orderAlias: string, iso: (column: string) => string): string {
  return `coalesce((SELECT json_agg(json_build_object('id', p.id, 'provider', p.provider, 'status', p.status, 'amountCents', p.amount_cents,
                       'currency', p.currency, 'createdAt', ${iso("p.created_at")}, 'paidAt', ${iso("p.paid_at")},
                       'refundedAt', ${iso("p.refunded_at")}, 'cardBrand', p.card_brand, 'cardLast4', p.card_last4,
                       'failureReason', p.failure_reason))
                     FROM (SELECT * FROM payments WHERE order_id = ${orderAlias}.id ORDER BY id DESC LIMIT 1) p), '[]'::json) AS payments`;
}

/** `{ payment }`: what starting and confirming a payment answer. */
export const paymentResponseSchema = z.strictObject({ payment: paymentSchema }).meta({ id: "PaymentResponse" });
