/**
 * What a payment provider reports, applied to the database: the one code path from "succeeded" (or
 * "failed", or "refunded") onwards, shared by Stripe's webhooks and the test provider.
 *
 * Every function here runs inside the caller's transaction and first locks the payment's order (the
 * customer's row, then the order's, in the order every status change takes them), so of two reports
 * about one order the second sees the first one's result. That is what makes duplicates, concurrent
 * deliveries and any order of arrival end in the same state:
 * - a success for a payment already succeeded or refunded changes nothing;
 * - a failure never undoes a success or a refund;
 * - a refund wins over a success that arrives after it (the money went back; the order is not paid);
 * - an amount or currency other than the one the order was priced at is never a payment.
 */
import "server-only";
import { lockUser } from "@/lib/db/locks";
import type { DbTransaction } from "@/lib/db/types";
import { recordActivity } from "@/lib/activity/activity";
import { enqueue } from "@/lib/jobs/enqueue";
import { QUEUES } from "@/lib/jobs/queues";
import { log } from "@/lib/log";
import type { OrderStatus } from "@/lib/orders/lifecycle";
import { changeOrderStatus } from "@/lib/orders/status";
import { formatMoney } from "@/lib/shipping/money";
import { gramsToKg } from "@/lib/shipping/weight";
import { NO_REQUEST_META } from "@/lib/http/request-meta";

/** What applying a report did; Stripe events keep it (stripe_events.outcome) for support. */
export type Outcome =
  | "paid"
  | "duplicate"
  | "amount_mismatch"
  | "refund_owed"
  | "failed"
  | "ignored"
  | "refunded"
  | "unknown_payment";


export interface LockedOrder {
  id: number;
  userId: number | null;
  status: OrderStatus;
  totalCents: number;
  currency: string;
}

/** Locks an order the way status changes do (the customer's row first, then the order's); null when it is gone. */
export async function lockOrder(tx: DbTransaction, orderId: number): Promise<LockedOrder | null> {
  const owner = await tx.order.findUnique({ where: { id: orderId }, select: { userId: true } });
  if (!owner) return null;
  if (owner.userId !== null) await lockUser(tx, owner.userId);
  const [order] = await tx.$queryRaw<{ id: number; userId: number | null; status: OrderStatus; totalCents: number; currency: string }[]>`
    SELECT id, user_id AS "userId", status::text AS status, total_cents AS "totalCents", currency FROM orders WHERE id = ${orderId} FOR UPDATE`;
  return order ?? null;
}

/** The payment with this provider id and its order, both locked; null when it is not ours. */
async function lockPaymentByRef(tx: DbTransaction, providerRef: string) {
  const found = await tx.payment.findUnique({ where: { providerRef }, select: { orderId: true } });
  if (!found) return null;
  const order = await lockOrder(tx, found.orderId);
  if (!order) return null;
  // Read again under the order's lock: the state another report may just have committed.
  const payment = await tx.payment.findUnique({ where: { providerRef } });
  return payment ? { order, payment } : null;
}

export interface Success {
  providerRef: string;
  amountCents: number;
  /** As the provider spells it (Stripe: lower case). */
  currency: string;
  card?: { brand: string; last4: string } | null;
}

/**
 * A provider says the payment succeeded. The order becomes paid through the lifecycle's own
 * transition (which also issues what comes with `paid`: the confirmation e-mail, and whatever else
 * the transition grows), exactly once. `refund_owed`: the money arrived for an order that is no
 * longer waiting for it (paid by another attempt, or cancelled meanwhile); the caller refunds it
 * after the commit (refundOwed).
 */
export async function applySuccess(tx: DbTransaction, success: Success): Promise<Outcome> {
  const locked = await lockPaymentByRef(tx, success.providerRef);
  if (!locked) {
    log.warn("payment: a success for a payment that is not ours", { providerRef: success.providerRef });
    return "unknown_payment";
  }
  const { order, payment } = locked;
  if (payment.status === "succeeded" || payment.status === "refunded") return "duplicate";

  const currency = success.currency.toUpperCase();
  if (success.amountCents !== payment.amountCents || currency !== payment.currency || payment.amountCents !== order.totalCents || payment.currency !== order.currency) {
    const reported = /^[A-Z]{3}$/.test(currency) ? formatMoney(success.amountCents, currency) : `${success.amountCents} ${currency.slice(0, 10)}`;
    const failureReason = `The payment service reported ${reported}, but the order's total is ${formatMoney(order.totalCents, order.currency)}: it was not taken as the order's payment.`;
    await tx.payment.update({ where: { id: payment.id }, data: { status: "failed", failureReason } });
    if (order.userId !== null) await recordActivity(tx, { userId: order.userId, type: "payment_mismatch", meta: NO_REQUEST_META });
    log.warn("payment: amount or currency differs from the order's; not a payment", {
      orderId: order.id,
      paymentId: payment.id,
      reportedCents: success.amountCents,
      reportedCurrency: currency.slice(0, 10),
      orderCents: order.totalCents,
      orderCurrency: order.currency,
    });
    return "amount_mismatch";
  }

  await tx.payment.update({
    where: { id: payment.id },
    data: {
      status: "succeeded",
      paidAt: new Date(),
      failureReason: null,
      ...(success.card ? { cardBrand: success.card.brand.slice(0, 30), cardLast4: success.card.last4 } : {}),
    },
  });
  if (order.status !== "placed") {
    log.warn("payment: money arrived for an order that is not waiting for it; refunding", { orderId: order.id, paymentId: payment.id, orderStatus: order.status });
    return "refund_owed";
  }
  await changeOrderStatus(order.id, { status: "paid" }, { role: "payment", userId: order.userId }, tx);
  return "paid";
}

/** A provider says a try failed (a declined card): recorded, the order stays placed, the customer is told. */
export async function applyFailure(tx: DbTransaction, providerRef: string, reason: string): Promise<Outcome> {
  const locked = await lockPaymentByRef(tx, providerRef);
  if (!locked) return "unknown_payment";
  const { order, payment } = locked;
  // A failure reported after the success (or the refund) is old news: a later try went through.
  if (payment.status !== "pending") return payment.status === "failed" ? "duplicate" : "ignored";
  const failureReason = reason.slice(0, 500) || "The payment was declined.";
  await tx.payment.update({ where: { id: payment.id }, data: { status: "failed", failureReason } });
  const full = await tx.order.findUniqueOrThrow({ where: { id: order.id }, include: { user: { select: { username: true, email: true } } } });
  if (full.user) {
    await enqueue(tx, QUEUES.sendEmail, {
      to: full.user.email,
      message: {
        template: "payment-failed",
        username: full.user.username,
        orderId: full.id,
        destination: full.destination,
        weightKg: gramsToKg(full.weightGrams),
        totalCents: full.totalCents,
        currency: full.currency,
        reason: failureReason,
      },
    });
  }
  return "failed";
}

/**
 * A provider says the payment was refunded in full. The payment shows it; an order still `paid`
 * (refunded from the provider's own dashboard) is cancelled, since it is no longer paid for.
 */
export async function applyRefund(tx: DbTransaction, providerRef: string): Promise<Outcome> {
  const locked = await lockPaymentByRef(tx, providerRef);
  if (!locked) return "unknown_payment";
  return refundLocked(tx, locked.order, locked.payment.id, locked.payment.status);
}

/** applyRefund for a payment found by its id (manual payments have no provider id). */
export async function applyRefundById(tx: DbTransaction, paymentId: number): Promise<Outcome> {
  const found = await tx.payment.findUnique({ where: { id: paymentId }, select: { orderId: true } });
  if (!found) return "unknown_payment";
  const order = await lockOrder(tx, found.orderId);
  const payment = await tx.payment.findUnique({ where: { id: paymentId } });
  if (!order || !payment) return "unknown_payment";
  return refundLocked(tx, order, payment.id, payment.status);
}

async function refundLocked(tx: DbTransaction, order: LockedOrder, paymentId: number, status: string): Promise<Outcome> {
  if (status === "refunded") return "duplicate";
  await tx.payment.update({ where: { id: paymentId }, data: { status: "refunded", refundedAt: new Date() } });
  // A refund means the payment had succeeded, whether or not its success was reported first, and
  // the money is back: an order that is not paid for by another payment ends cancelled either way,
  // so both orders of arrival end in the same state.
  if (order.status === "paid" || order.status === "placed") {
    const paidByAnother = await tx.payment.count({ where: { orderId: order.id, status: "succeeded", id: { not: paymentId } } });
    if (paidByAnother === 0) await changeOrderStatus(order.id, { status: "cancelled" }, { role: "payment", userId: order.userId }, tx);
  }
  return "refunded";
}
