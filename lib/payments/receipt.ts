/** The receipt the order confirmation e-mail carries: the customer's successful payment. */
import type { DbTransaction } from "@/lib/db/types";

export interface Receipt {
  paidAt: string;
  amountCents: number;
  currency: string;
  card?: { brand: string; last4: string };
}

/** `{ receipt }` when a provider took the order's payment; `{}` for an administrator's manual payment. */
export async function receiptOf(tx: DbTransaction, orderId: number): Promise<{ receipt?: Receipt }> {
  const payment = await tx.payment.findFirst({
    where: { orderId, status: "succeeded", provider: { not: "manual" } },
    orderBy: { id: "asc" },
  });
  if (!payment?.paidAt) return {};
  return {
    receipt: {
      paidAt: payment.paidAt.toISOString(),
      amountCents: payment.amountCents,
      currency: payment.currency,
      ...(payment.cardBrand && payment.cardLast4 ? { card: { brand: payment.cardBrand, last4: payment.cardLast4 } } : {}),
    },
  };
}
