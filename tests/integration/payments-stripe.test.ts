/**
 * Payments through Stripe, against a real Stripe client: the server's `stripe` SDK talks over HTTP
 * to a Stripe stand-in on loopback (tests/support/stripe-stand-in.ts, STRIPE_API_URL), and webhook
 * events are signed with the SDK's own generateTestHeaderString. Covers what the SDK sends (the
 * order's exact total and currency, metadata.orderId, an idempotency key per order and attempt),
 * two tabs, the webhook's signature checks (bad signature, tampered body, stale timestamp), replays,
 * a concurrent double delivery, reordering, an amount or currency mismatch, an unknown payment,
 * Stripe down (503, nothing half-done) and refunds. A server of its own (mail world) with the
 * STRIPE_* variables, on the run's engine.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { expectError, isoTimestamp, placeOrders, signedIn } from "../support/domain";
import { randomIp } from "../support/http";
import { startMailWorld, type MailWorld, mailEnv } from "../support/mail-world";
import { startSmtpSink, type SmtpSink } from "../support/smtp-sink";
import { addressedOrder } from "../support/addressed-order";
import {
  failedEvent,
  refundedEvent,
  type SignedEvent,
  signedEvent,
  startStripeStandIn,
  STRIPE_TEST_KEYS,
  type StripeStandIn,
  succeededEvent,
} from "../support/stripe-stand-in";

const engine = inject("engine");

let sink: SmtpSink;
let stripe: StripeStandIn;
let world: MailWorld;
let adminToken: string;

beforeAll(async () => {
  sink = await startSmtpSink();
  stripe = await startStripeStandIn();
  world = await startMailWorld(engine, { ...mailEnv(sink), ...STRIPE_TEST_KEYS, STRIPE_API_URL: stripe.url, PAYMENTS_PROVIDER: undefined });
  adminToken = (await world.adminTokens()).accessToken;
});

afterAll(async () => {
  await world?.close();
  await stripe?.close();
  await sink?.stop();
});

async function customerWithOrder() {
  const customer = await signedIn(world.client);
  const [order] = await placeOrders(world.client, customer.token, 1, addressedOrder(2.1, "DE"));
  return { customer, order: order as { id: number; totalCents: number } };
}

const start = (orderId: number, token: string) => world.client.post(`/api/v1/orders/${orderId}/payment`, undefined, { token });
const orderOf = async (orderId: number, token: string) => (await world.client.get(`/api/v1/orders/${orderId}`, { token })).body.order;
const deliver = (event: SignedEvent, signature = event.signature, payload = event.payload) =>
  world.client.post("/api/v1/webhooks/stripe", undefined, { raw: payload, headers: { "stripe-signature": signature } });

/** A customer's order with a started payment, and the PaymentIntent the stand-in made for it. */
async function startedPayment() {
  const { customer, order } = await customerWithOrder();
  const started = await start(order.id, customer.token);
  expect(started.status).toBe(200);
  const intent = stripe.intentFor(order.id)!;
  return { customer, order, payment: started.body.payment, intent };
}

describe("POST /api/v1/orders/{id}/payment with Stripe", () => {
  it("creates a PaymentIntent for exactly the order's total and currency, with metadata.orderId and an idempotency key per order and attempt", async () => {
    const { customer, order } = await customerWithOrder();
    const before = stripe.requests.length;
    const started = await start(order.id, customer.token);
    expect(started.status).toBe(200);
    const intent = stripe.intentFor(order.id)!;
    expect(intent).toMatchObject({ amount: 630, currency: "usd", metadata: { orderId: String(order.id), attempt: "1" }, idempotencyKey: `keel-order-${order.id}-attempt-1` });
    const [request] = stripe.requests.slice(before);
    expect(request).toMatchObject({ method: "POST", path: "/v1/payment_intents", authorization: `Bearer ${STRIPE_TEST_KEYS.STRIPE_SECRET_KEY}` });
    // What the mobile SDK and the Payment Element need, only to the owner, only while pending.
    expect(started.body.payment).toEqual({
      id: expect.any(Number),
      provider: "stripe",
      status: "pending",
      amountCents: 630,
      currency: "USD",
      createdAt: isoTimestamp,
      clientSecret: intent.client_secret,
      publishableKey: STRIPE_TEST_KEYS.STRIPE_PUBLISHABLE_KEY,
    });
    const read = await orderOf(order.id, customer.token);
    expect(read.payment).not.toHaveProperty("clientSecret");
    expect(JSON.stringify(read)).not.toContain(STRIPE_TEST_KEYS.STRIPE_SECRET_KEY);
  });

  it("gives two tabs and a double submit the same PaymentIntent (one request to Stripe)", async () => {
    const { customer, order } = await customerWithOrder();
    const answers = await Promise.all(Array.from({ length: 5 }, () => start(order.id, customer.token)));
    expect(answers.map((a) => a.status)).toEqual(Array(5).fill(200));
    expect(new Set(answers.map((a) => a.body.payment.clientSecret)).size).toBe(1);
    expect(stripe.requests.filter((r) => r.path === "/v1/payment_intents" && r.params.get("metadata[orderId]") === String(order.id))).toHaveLength(1);
  });

  it("answers 503 while Stripe is down, with nothing started; works once Stripe is back", async () => {
    const { customer, order } = await customerWithOrder();
    stripe.down = true;
    try {
      expectError(await start(order.id, customer.token), 503, "unavailable");
    } finally {
      stripe.down = false;
    }
    expect((await orderOf(order.id, customer.token)).payment).toBeNull();
    const started = await start(order.id, customer.token);
    expect(started.status).toBe(200);
    expect(stripe.intentFor(order.id)!.idempotencyKey).toBe(`keel-order-${order.id}-attempt-1`);
  });

  it("asks Stripe for nothing while the order has no recipient or sender (409); PATCH makes it payable", async () => {
    const customer = await signedIn(world.client);
    const [order] = await placeOrders(world.client, customer.token, 1, { weightKg: 2.1, destination: "DE" });
    const before = stripe.requests.length;
    expectError(await start(order.id, customer.token), 409, "conflict");
    expect(stripe.requests.slice(before)).toEqual([]);
    expect(stripe.intentFor(order.id)).toBeUndefined();
    expect((await orderOf(order.id, customer.token)).payment).toBeNull();
    const { recipient, sender, contents } = addressedOrder(2.1, "DE");
    expect((await world.client.patch(`/api/v1/orders/${order.id}`, { recipient, sender, contents }, { token: customer.token })).status).toBe(200);
    const started = await start(order.id, customer.token);
    expect(started.status).toBe(200);
    expect(stripe.intentFor(order.id)).toMatchObject({ amount: 630, currency: "usd", idempotencyKey: `keel-order-${order.id}-attempt-1` });
  });

  it("is 404 at the test provider's confirm route while Stripe is the provider", async () => {
    const { customer, payment } = await startedPayment();
    expectError(await world.client.post("/api/v1/payments/test/confirm", { paymentId: payment.id, cardNumber: "4242424242424242" }, { token: customer.token }), 404, "not_found");
  });
});

describe("POST /api/v1/webhooks/stripe", () => {
  it("pays the order on payment_intent.succeeded, with the card on the receipt and the confirmation e-mail", async () => {
    const { customer, order, intent } = await startedPayment();
    stripe.charge(intent.id, { brand: "mastercard", last4: "4444" });
    const response = await deliver(succeededEvent(intent));
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ received: true });
    const paid = await orderOf(order.id, customer.token);
    expect(paid).toMatchObject({ status: "paid", payment: { status: "succeeded", paidAt: isoTimestamp, card: { brand: "mastercard", last4: "4444" } } });
    expect(paid.publicTrackingNumber).toMatch(/^KE[0-9]{9}[A-Z]{2}$/);
    const [mail] = await sink.waitFor((m) => m.to.includes(customer.user.email) && m.subject === `Order #${order.id} is paid`);
    expect(mail!.text).toContain("with mastercard card ending in 4444");
  });

  it("refuses a bad signature, a tampered body, a missing header and a stale timestamp with 400, changing nothing", async () => {
    const { customer, order, intent } = await startedPayment();
    stripe.charge(intent.id);
    const event = succeededEvent(intent);
    const wrongSecret = signedEvent("payment_intent.succeeded", JSON.parse(event.payload).data.object, { secret: "whsec_someoneElsesSecret0000" });
    expectError(await deliver(wrongSecret), 400, "validation_failed");
    expectError(await deliver(event, event.signature, event.payload.replace('"amount":630', '"amount":1')), 400, "validation_failed");
    expectError(await world.client.post("/api/v1/webhooks/stripe", undefined, { raw: event.payload }), 400, "validation_failed");
    expectError(await deliver(event, "t=1,v1=deadbeef"), 400, "validation_failed");
    const stale = signedEvent("payment_intent.succeeded", JSON.parse(event.payload).data.object, { timestamp: Math.floor(Date.now() / 1000) - 301 });
    expectError(await deliver(stale), 400, "validation_failed");
    expect((await orderOf(order.id, customer.token)).status).toBe("placed");
    // The genuine one still works: none of the above was recorded as its delivery.
    expect((await deliver(event)).status).toBe(200);
    expect((await orderOf(order.id, customer.token)).status).toBe("paid");
  });

  it("answers 429 to an address that keeps sending signatures that do not verify", async () => {
    const { intent } = await startedPayment();
    const forged = signedEvent("payment_intent.succeeded", { id: intent.id, object: "payment_intent", amount: 630, currency: "usd" }, { secret: "whsec_guessing0000" });
    const ip = randomIp();
    let status = 0;
    for (let i = 0; i < 120 && status !== 429; i++) {
      status = (await world.client.post("/api/v1/webhooks/stripe", undefined, { raw: forged.payload, ip, headers: { "stripe-signature": forged.signature } })).status;
    }
    expect(status).toBe(429);
    // Another address (Stripe's) is not affected.
    stripe.charge(intent.id);
    expect((await deliver(succeededEvent(intent))).status).toBe(200);
  });

  it("applies a replayed event and a concurrent double delivery once", async () => {
    const { customer, order, intent } = await startedPayment();
    stripe.charge(intent.id);
    const event = succeededEvent(intent);
    const answers = await Promise.all(Array.from({ length: 5 }, () => deliver(event)));
    expect(answers.map((a) => a.status)).toEqual(Array(5).fill(200));
    expect((await deliver(event)).status).toBe(200);
    // The same success under another event id (Stripe may send one twice) is a duplicate too.
    expect((await deliver(succeededEvent(intent))).status).toBe(200);
    const after = await orderOf(order.id, customer.token);
    expect(after.events.map((e: { status: string }) => e.status)).toEqual(["placed", "paid"]);
    await sink.waitFor((m) => m.to.includes(customer.user.email) && m.subject === `Order #${order.id} is paid`);
    await world.mailSettled();
    expect(sink.to(customer.user.email).filter((m) => m.subject === `Order #${order.id} is paid`)).toHaveLength(1);
  });

  it("records a failure (order stays placed, customer told), and a failure arriving after the success changes nothing", async () => {
    const { customer, order, intent } = await startedPayment();
    expect((await deliver(failedEvent(intent))).status).toBe(200);
    expect(await orderOf(order.id, customer.token)).toMatchObject({ status: "placed", payment: { status: "failed", failureReason: "Your card was declined." } });
    await sink.waitFor((m) => m.to.includes(customer.user.email) && m.subject.includes("did not go through"));
    // The customer tries again on the same PaymentIntent (Stripe allows it): the same one comes back.
    expect((await start(order.id, customer.token)).body.payment).toMatchObject({ status: "pending", clientSecret: intent.client_secret });
    stripe.charge(intent.id);
    const success = succeededEvent(intent);
    const lateFailure = failedEvent(intent, "An old decline");
    expect((await deliver(success)).status).toBe(200);
    expect((await deliver(lateFailure)).status).toBe(200);
    expect(await orderOf(order.id, customer.token)).toMatchObject({ status: "paid", payment: { status: "succeeded" } });
  });

  it("ends in the same state whichever of success and refund arrives first", async () => {
    const first = await startedPayment();
    const second = await startedPayment();
    for (const { intent } of [first, second]) stripe.charge(intent.id);
    expect((await deliver(succeededEvent(first.intent))).status).toBe(200);
    expect((await deliver(refundedEvent(first.intent))).status).toBe(200);
    expect((await deliver(refundedEvent(second.intent))).status).toBe(200);
    expect((await deliver(succeededEvent(second.intent))).status).toBe(200);
    for (const { customer, order } of [first, second]) {
      expect(await orderOf(order.id, customer.token)).toMatchObject({ status: "cancelled", payment: { status: "refunded", refundedAt: isoTimestamp } });
    }
  });

  it("never takes an amount or currency other than the order's as its payment; logged for the administrators", async () => {
    for (const override of [{ amount: 631 }, { amount: 1 }, { currency: "eur" }]) {
      const { customer, order, intent } = await startedPayment();
      stripe.charge(intent.id);
      expect((await deliver(succeededEvent(intent, override))).status).toBe(200);
      const after = await orderOf(order.id, customer.token);
      expect(after.status).toBe("placed");
      expect(after.payment.status).toBe("failed");
      expect(after.payment.failureReason).toMatch(/not taken as the order's payment/);
      const admin = await world.client.get(`/api/v1/admin/orders?userId=${customer.user.id}`, { token: adminToken });
      expect(admin.body.items[0].payment.failureReason).toMatch(/order's total is \$6\.30/);
      const activity = await world.client.get(`/api/v1/admin/activity?userId=${customer.user.id}&type=payment_mismatch`, { token: adminToken });
      expect(activity.body.items).toHaveLength(1);
    }
  });

  it("acknowledges events about payments that are not Keel's, and events it does not act on", async () => {
    const unknown = { id: "pi_notKeels0001", amount: 630, amount_received: 630, currency: "usd", metadata: { orderId: "999999" }, latest_charge: null, object: "payment_intent" };
    expect((await deliver(signedEvent("payment_intent.succeeded", unknown))).body).toEqual({ received: true });
    expect((await deliver(signedEvent("customer.created", { id: "cus_1", object: "customer" }))).body).toEqual({ received: true });
    expectError(await world.client.post("/api/v1/webhooks/stripe", undefined, { raw: "x".repeat(70 * 1024), headers: { "stripe-signature": "t=1,v1=00" } }), 413, "payload_too_large");
  });

  it("answers 503 when the card cannot be read from Stripe, records nothing, and applies the redelivery", async () => {
    const { customer, order, intent } = await startedPayment();
    stripe.charge(intent.id);
    const event = succeededEvent(intent);
    stripe.down = true;
    try {
      expectError(await deliver(event), 503, "unavailable");
    } finally {
      stripe.down = false;
    }
    expect((await orderOf(order.id, customer.token)).status).toBe("placed");
    expect((await deliver(event)).status).toBe(200);
    expect((await orderOf(order.id, customer.token)).status).toBe("paid");
  });
});

describe("refunds through Stripe", () => {
  it("refunds a paid order in full when an administrator cancels it (retried after Stripe was down); charge.refunded shows it", async () => {
    const { customer, order, payment, intent } = await startedPayment();
    stripe.charge(intent.id);
    await deliver(succeededEvent(intent));
    const setStatus = () => world.client.post(`/api/v1/admin/orders/${order.id}/status`, { status: "cancelled" }, { token: adminToken });

    stripe.down = true;
    try {
      expectError(await setStatus(), 503, "unavailable");
    } finally {
      stripe.down = false;
    }
    expect(stripe.refunds.filter((r) => r.paymentIntent === intent.id)).toHaveLength(0);
    const cancelled = await setStatus();
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.order.status).toBe("cancelled");
    expect(stripe.refunds.filter((r) => r.paymentIntent === intent.id)).toEqual([
      { id: expect.any(String), paymentIntent: intent.id, idempotencyKey: `keel-refund-payment-${payment.id}` },
    ]);
    expect((await deliver(refundedEvent(intent))).status).toBe(200);
    expect((await orderOf(order.id, customer.token)).payment).toMatchObject({ status: "refunded", refundedAt: isoTimestamp });
  });
});
