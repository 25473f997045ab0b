/**
 * POST /api/v1/webhooks/stripe: Stripe's reports, verified with the SDK (the signature covers the
 * raw body; tolerance 5 minutes, so a captured delivery cannot be replayed later), each event id
 * applied once (stripe_events, inserted in the transaction that applies it: of two concurrent
 * deliveries of one event the second waits for the first and then finds it).
 */
import "server-only";
import type Stripe from "stripe";
import { getDb } from "@/lib/db/client";
import { getConfig } from "@/lib/env";
import { NotFound, ValidationFailed } from "@/lib/errors";
import { log } from "@/lib/log";
import { applyFailure, applyRefund, applySuccess, type Outcome } from "./outcomes";
import { refundOwed } from "./payments";
import { callStripe, STRIPE_WEBHOOK_TOLERANCE_SECONDS, stripeWebhooks } from "./stripe";

/** The events Keel acts on (README: the events to enable on the endpoint); others are acknowledged and ignored. */
export const STRIPE_EVENTS = ["payment_intent.succeeded", "payment_intent.payment_failed", "charge.refunded"] as const;

/** The card that paid, from the PaymentIntent's charge (the event does not carry it). */
async function cardOf(intent: Stripe.PaymentIntent): Promise<{ brand: string; last4: string } | null> {
  const charge = intent.latest_charge;
  if (!charge) return null;
  const details = typeof charge === "string" ? (await callStripe("reading the charge", (stripe) => stripe.charges.retrieve(charge))).payment_method_details : charge.payment_method_details;
  const card = details?.card;
  return card?.brand && card.last4 && /^[0-9]{4}$/.test(card.last4) ? { brand: card.brand, last4: card.last4 } : null;
}

export async function receiveStripeEvent(raw: Uint8Array, signature: string | null): Promise<Outcome | "replayed"> {
  const config = getConfig().payments.stripe;
  if (!config) throw new NotFound("Stripe is not in use on this server.");
  let event: Stripe.Event;
  try {
    if (!signature) throw new Error("no signature");
    event = stripeWebhooks().constructEvent(Buffer.from(raw), signature, config.webhookSecret, STRIPE_WEBHOOK_TOLERANCE_SECONDS);
  } catch {
    // Tampered, signed with another secret, too old or too new, or not sent at all: the same answer.
    throw new ValidationFailed("The Stripe-Signature header does not verify.");
  }
  const db = await getDb();
  // A replay is answered before anything is asked of Stripe.
  if (await db.stripeEvent.findUnique({ where: { id: event.id }, select: { id: true } })) return "replayed";

  // Read from Stripe before the transaction: Stripe down is then a 503 with nothing recorded, and
  // Stripe delivers the event again later.
  const card = event.type === "payment_intent.succeeded" ? await cardOf(event.data.object) : null;

  const result = await db.$transaction(async (tx) => {
    const inserted = await tx.$executeRaw`INSERT INTO stripe_events (id, type, outcome) VALUES (${event.id}, ${event.type.slice(0, 100)}, 'received') ON CONFLICT (id) DO NOTHING`;
    if (inserted === 0) return "replayed" as const;
    let outcome: Outcome;
    switch (event.type) {
      case "payment_intent.succeeded": {
        const intent = event.data.object;
        outcome = await applySuccess(tx, { providerRef: intent.id, amountCents: intent.amount_received || intent.amount, currency: intent.currency, card });
        break;
      }
      case "payment_intent.payment_failed": {
        const intent = event.data.object;
        outcome = await applyFailure(tx, intent.id, intent.last_payment_error?.message ?? "The payment was declined.");
        break;
      }
      case "charge.refunded": {
        const charge = event.data.object;
        const intent = typeof charge.payment_intent === "string" ? charge.payment_intent : charge.payment_intent?.id;
        // Keel refunds only in full; a partial refund made in Stripe's dashboard is left to the people who made it.
        outcome = intent && charge.refunded ? await applyRefund(tx, intent) : "ignored";
        break;
      }
      default:
        outcome = "ignored";
    }
    await tx.stripeEvent.update({ where: { id: event.id }, data: { outcome } });
    return outcome;
  });
  if (result !== "replayed") log.info("stripe: event applied", { eventId: event.id, eventType: event.type, outcome: result });
  if (result === "refund_owed" && event.type === "payment_intent.succeeded") {
    const payment = await db.payment.findUnique({ where: { providerRef: event.data.object.id }, select: { orderId: true } });
    if (payment) await refundOwed(payment.orderId).catch((error) => log.error("stripe: refunding a payment the order does not keep failed", error, { orderId: payment.orderId }));
  }
  return result;
}
