/**
 * Customers pay for their orders (API.md, Payments). One module, two providers chosen by the
 * configuration (lib/env.ts payments): Stripe (PaymentIntents; the outcome arrives by webhook,
 * lib/payments/webhooks.ts) and the test provider (the outcome is the card number the customer typed,
 * POST /api/v1/payments/test/confirm). From "succeeded" onwards both take the same path
 * (lib/payments/outcomes.ts).
 */
import "server-only";
import { randomUUID } from "node:crypto";
import { getDb } from "@/lib/db/client";
import type { Payment } from "@/lib/db/generated/client";
import { getConfig } from "@/lib/env";
import { Conflict, NotFound, PaymentDeclined, Unavailable, ValidationFailed } from "@/lib/errors";
import { log } from "@/lib/log";
import { assertPayable } from "@/lib/orders/orders";
import { toPaymentDto, type PaymentDto } from "./dto";
import { applyFailure, applyRefund, applyRefundById, applySuccess, lockOrder, type Outcome } from "./outcomes";
import { callStripe } from "./stripe";
import { testCardOutcome } from "./test-cards";

/** A payment start waits for Stripe while it holds the order's lock: the transaction may last that long. */
const START_TRANSACTION_TIMEOUT_MS = 20_000;

/** The payment with what its owner needs to pay it (the Payment Element, the mobile SDK). */
function forOwner(payment: Payment): PaymentDto {
  const stripe = getConfig().payments.stripe;
  return {
    ...toPaymentDto(payment),
    ...(payment.status === "pending" && payment.provider === "stripe" && payment.clientSecret && stripe
      ? { clientSecret: payment.clientSecret, publishableKey: stripe.publishableKey }
      : {}),
  };
}

/**
 * POST /api/v1/orders/{id}/payment: starts the payment of the order's total, or returns the open
 * one. Under the order's lock, so a double submit or a second tab gets the same attempt instead of a
 * second charge. A new attempt (with its own idempotency key at Stripe) only when the open one cannot
 * be continued: another provider, or an amount that is no longer the order's.
 */
export async function startPayment(userId: number, orderId: number): Promise<PaymentDto> {
  const db = await getDb();
  const provider = getConfig().payments.provider;
  return db.$transaction(
    async (tx) => {
      const order = await lockOrder(tx, orderId);
      if (!order || order.userId !== userId) throw new NotFound("There is no such order.");
      if (order.status !== "placed") throw new Conflict(`This order is ${order.status}: only a placed order can be paid.`);
      // A carrier cannot move a parcel without both addresses (API.md: 409 until PATCH adds them).
      // Every customer payment starts here (the test provider's confirm needs a payment started
      // here), so this one check keeps an unaddressed order from being charged. An administrator's
      // manual payment (lib/payments/administration.ts) does not come through here on purpose.
      assertPayable(await tx.order.findUniqueOrThrow({ where: { id: orderId }, select: { recipient: true, sender: true } }));
      if (order.totalCents <= 0) throw new Conflict("This order has nothing to pay.");

      const latest = await tx.payment.findFirst({ where: { orderId }, orderBy: { attempt: "desc" } });
      if (
        latest &&
        latest.provider === provider &&
        (latest.status === "pending" || latest.status === "failed") &&
        latest.amountCents === order.totalCents &&
        latest.currency === order.currency
      ) {
        // Stripe lets a PaymentIntent be tried again after a decline; so does the test provider.
        const open = latest.status === "failed" ? await tx.payment.update({ where: { id: latest.id }, data: { status: "pending" } }) : latest;
        return forOwner(open);
      }

      const attempt = (latest?.attempt ?? 0) + 1;
      const started =
        provider === "stripe"
          ? await callStripe("creating a PaymentIntent", async (stripe) => {
              const intent = await stripe.paymentIntents.create(
                {
                  amount: order.totalCents,
                  currency: order.currency.toLowerCase(),
                  metadata: { orderId: String(orderId), attempt: String(attempt) },
                  automatic_payment_methods: { enabled: true },
                },
                // One key per order and attempt: a start retried after a lost answer (or a rolled-back
                // transaction) gets the same PaymentIntent back from Stripe, never a second one.
                { idempotencyKey: `keel-order-${orderId}-attempt-${attempt}` },
              );
              if (intent.amount !== order.totalCents || intent.currency.toUpperCase() !== order.currency || !intent.client_secret) {
                throw new Error("Stripe answered with a PaymentIntent that is not the one asked for.");
              }
              return { providerRef: intent.id, clientSecret: intent.client_secret };
            })
          : { providerRef: `test_${randomUUID()}`, clientSecret: null };
      const payment = await tx.payment.create({
        data: { orderId, attempt, provider, amountCents: order.totalCents, currency: order.currency, ...started },
      });
      return forOwner(payment);
    },
    { timeout: START_TRANSACTION_TIMEOUT_MS },
  );
}

/**
 * POST /api/v1/payments/test/confirm: the test provider's card form. 4242 4242 4242 4242 succeeds,
 * 4000 0000 0000 0002 is declined (402, recorded, the order stays placed). 404 whenever the test
 * provider is not the one in use, and for another customer's payment.
 */
export async function confirmTestPayment(userId: number, paymentId: number, cardNumber: string): Promise<PaymentDto> {
  if (getConfig().payments.provider !== "test") throw new NotFound("The test payment provider is not in use.");
  const db = await getDb();
  const payment = await db.payment.findUnique({ where: { id: paymentId }, include: { order: { select: { userId: true } } } });
  if (!payment || payment.order.userId !== userId || payment.provider !== "test" || !payment.providerRef) throw new NotFound("There is no such payment.");
  const card = testCardOutcome(cardNumber);
  if (card.kind === "unknown") {
    throw new ValidationFailed("The request is not valid.", {
      cardNumber: ["Use the test card 4242 4242 4242 4242 (succeeds) or 4000 0000 0000 0002 (declined)."],
    });
  }
  const providerRef = payment.providerRef;
  // The provider's report, applied exactly as a Stripe webhook's would be.
  const outcome: Outcome = await db.$transaction((tx) =>
    card.kind === "succeeds"
      ? applySuccess(tx, { providerRef, amountCents: payment.amountCents, currency: payment.currency, card: { brand: card.brand, last4: card.last4 } })
      : applyFailure(tx, providerRef, "Your card was declined."),
  );
  if (outcome === "refund_owed") await refundOwed(payment.orderId);
  const after = await db.payment.findUniqueOrThrow({ where: { id: paymentId } });
  // Declined: the failure is committed (the customer is told by e-mail too) before the 402.
  if (outcome === "failed" || (card.kind === "declined" && after.status === "failed")) throw new PaymentDeclined();
  return forOwner(after);
}

/**
 * Gives back every payment an order does not keep: all of them once it is cancelled, and any second
 * success beside the one that paid it. Idempotent (Stripe: one idempotency key per payment's refund),
 * so a cancellation retried after a failed refund refunds then.
 */
export async function refundOwed(orderId: number): Promise<void> {
  const db = await getDb();
  const order = await db.order.findUnique({ where: { id: orderId }, select: { status: true } });
  if (!order) return;
  const succeeded = await db.payment.findMany({ where: { orderId, status: "succeeded" }, orderBy: { id: "asc" } });
  const kept = order.status === "cancelled" || order.status === "placed" ? [] : succeeded.slice(0, 1);
  for (const payment of succeeded.filter((p) => !kept.includes(p))) await refundPayment(payment);
}

/** Refunds one payment in full through its own provider; the outcome arrives as a refund report. */
async function refundPayment(payment: Payment): Promise<void> {
  const db = await getDb();
  if (payment.provider === "stripe") {
    if (!payment.providerRef) return;
    const providerRef = payment.providerRef;
    await callStripe("creating a refund", (stripe) =>
      stripe.refunds.create({ payment_intent: providerRef }, { idempotencyKey: `keel-refund-payment-${payment.id}` }),
    );
    // Stripe reports the refund's outcome with charge.refunded (lib/payments/webhooks.ts).
    log.info("payment: refund requested at Stripe", { paymentId: payment.id, orderId: payment.orderId });
    return;
  }
  // The test provider refunds at once and reports it the way Stripe's webhook would; a manual
  // payment (cash, invoice) is paid back by the administrator outside Keel.
  await db.$transaction((tx) => (payment.provider === "test" && payment.providerRef ? applyRefund(tx, payment.providerRef) : applyRefundById(tx, payment.id)));
}

/** Refunds after a cancellation; a refund that cannot be started is a 503 the administrator retries. */
export async function refundAfterCancellation(orderId: number): Promise<void> {
  try {
    await refundOwed(orderId);
  } catch (error) {
    if (error instanceof Unavailable) {
      throw new Unavailable("The order is cancelled, but its refund could not be started: the payment service cannot be reached. Cancel it again shortly to retry the refund.");
    }
    throw error;
  }
}
