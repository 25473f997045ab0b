/**
 * Payments with the test provider over HTTP (API.md, Payments): starting a payment, the test cards,
 * a declined card and a second try, paying twice (double submit, two tabs, racing confirmations), a
 * rate table changed in between, another customer's order and payment, hostile input, an
 * administrator's manual payment (reason required, activity) and cancelling a paid order (refund),
 * account deletion with paid orders, and the e-mails (confirmation with the receipt, the failure
 * notice) through a real SMTP sink. A server of its own (mail world), on the run's engine.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { expectError, isoTimestamp, placeOrders, signedIn, sql } from "../support/domain";
import { startMailWorld, type MailWorld, mailEnv } from "../support/mail-world";
import { startSmtpSink, type SmtpSink } from "../support/smtp-sink";
import { webSignInAttempt } from "../support/auth";
import { randomIp } from "../support/http";
import { addressedOrder, TEST_RECIPIENTS, TEST_SENDER } from "../support/addressed-order";

const engine = inject("engine");
const SUCCEEDS = "4242 4242 4242 4242";
const DECLINED = "4000 0000 0000 0002";

let sink: SmtpSink;
let world: MailWorld;
let adminToken: string;

beforeAll(async () => {
  sink = await startSmtpSink();
  world = await startMailWorld(engine, mailEnv(sink));
  adminToken = (await world.adminTokens()).accessToken;
});

afterAll(async () => {
  await world?.close();
  await sink?.stop();
});

/** A customer with an order they can pay: addressed (recipient and sender), 2.1 kg to DE, $6.30. */
async function customerWithOrder(body: Record<string, unknown> = addressedOrder(2.1, "DE")) {
  const customer = await signedIn(world.client);
  const [order] = await placeOrders(world.client, customer.token, 1, body);
  return { customer, order: order as { id: number; totalCents: number; currency: string } };
}

const start = (orderId: number, token: string) => world.client.post(`/api/v1/orders/${orderId}/payment`, undefined, { token });
const confirm = (paymentId: unknown, cardNumber: unknown, token: string) => world.client.post("/api/v1/payments/test/confirm", { paymentId, cardNumber }, { token });
const orderOf = async (orderId: number, token: string) => (await world.client.get(`/api/v1/orders/${orderId}`, { token })).body.order;
const setStatus = (id: number, body: Record<string, unknown>) => world.client.post(`/api/v1/admin/orders/${id}/status`, body, { token: adminToken });

describe("POST /api/v1/orders/{id}/payment with the test provider", () => {
  it("starts a payment for exactly the order's total; the order shows it; no Stripe secrets", async () => {
    const { customer, order } = await customerWithOrder();
    expect((await orderOf(order.id, customer.token)).payment).toBeNull();
    const started = await start(order.id, customer.token);
    expect(started.status).toBe(200);
    expect(started.body).toEqual({
      payment: { id: expect.any(Number), provider: "test", status: "pending", amountCents: 630, currency: "USD", createdAt: isoTimestamp },
    });
    expect((await orderOf(order.id, customer.token)).payment).toEqual(started.body.payment);
  });

  it("gives a double submit and two tabs the same payment", async () => {
    const { customer, order } = await customerWithOrder();
    const answers = await Promise.all(Array.from({ length: 6 }, () => start(order.id, customer.token)));
    expect(answers.map((a) => a.status)).toEqual(Array(6).fill(200));
    expect(new Set(answers.map((a) => a.body.payment.id)).size).toBe(1);
    const rows = await sql(world.databaseUrl, "SELECT count(*)::int AS n FROM payments WHERE order_id = $1", [order.id]);
    if (rows) expect(rows[0]).toEqual({ n: 1 });
  });

  it("is 404 for another customer's order and for ids that name nothing; 401 without credentials", async () => {
    const { order } = await customerWithOrder();
    const other = await signedIn(world.client);
    expectError(await start(order.id, other.token), 404, "not_found");
    for (const id of ["0", "-1", "abc", "99999999999", "1e3", "%00"]) expectError(await world.client.post(`/api/v1/orders/${id}/payment`, undefined, { token: other.token }), 404, "not_found");
    expectError(await world.client.post(`/api/v1/orders/${order.id}/payment`), 401, "unauthenticated");
  });
});

describe("an order without a recipient or a sender (an old client's)", () => {
  it("cannot be paid: 409 conflict and nothing started, until PATCH gives it both; then the test card pays it", async () => {
    const { customer, order } = await customerWithOrder({ weightKg: 2.1, destination: "DE" });
    const payments = () => sql(world.databaseUrl, "SELECT count(*)::int AS n FROM payments WHERE order_id = $1", [order.id]);

    const refused = await start(order.id, customer.token);
    expectError(refused, 409, "conflict");
    expect(refused.body.error.message).toContain("a recipient and a sender");
    // A double submit is refused the same way.
    for (const again of await Promise.all([start(order.id, customer.token), start(order.id, customer.token)])) expectError(again, 409, "conflict");
    expect((await orderOf(order.id, customer.token)).payment).toBeNull();
    const none = await payments();
    if (none) expect(none[0]).toEqual({ n: 0 });

    // A recipient alone is not enough: the parcel needs a sender too.
    expect((await world.client.patch(`/api/v1/orders/${order.id}`, { recipient: TEST_RECIPIENTS.DE }, { token: customer.token })).status).toBe(200);
    const stillRefused = await start(order.id, customer.token);
    expectError(stillRefused, 409, "conflict");
    expect(stillRefused.body.error.message).toContain("a sender");
    expect(stillRefused.body.error.message).not.toContain("a recipient");

    // Across zones the sender comes with the customs declaration.
    const completed = await world.client.patch(`/api/v1/orders/${order.id}`, { sender: TEST_SENDER, contents: { description: "Books", valueCents: 1200, currency: "USD" } }, { token: customer.token });
    expect(completed.status).toBe(200);
    const payment = (await start(order.id, customer.token)).body.payment;
    expect(payment).toMatchObject({ status: "pending", amountCents: 630 });
    expect((await confirm(payment.id, SUCCEEDS, customer.token)).body.payment).toMatchObject({ status: "succeeded" });
    expect(await orderOf(order.id, customer.token)).toMatchObject({ status: "paid", recipient: { name: TEST_RECIPIENTS.DE.name }, sender: { name: TEST_SENDER.name } });
  });
});

describe("POST /api/v1/payments/test/confirm", () => {
  it("declines 4000 0000 0000 0002 with 402 (order stays placed, customer told), then pays with 4242 and sends the receipt", async () => {
    const { customer, order } = await customerWithOrder();
    const payment = (await start(order.id, customer.token)).body.payment;

    expectError(await confirm(payment.id, DECLINED, customer.token), 402, "payment_declined");
    const declined = await orderOf(order.id, customer.token);
    expect(declined.status).toBe("placed");
    expect(declined.payment).toMatchObject({ id: payment.id, status: "failed", failureReason: "Your card was declined." });
    const [notice] = await sink.waitFor((mail) => mail.to.includes(customer.user.email) && mail.subject.includes("did not go through"));
    expect(notice!.text).toContain(`order #${order.id}`);
    expect(notice!.text).toContain("$6.30");

    // Another card: the same attempt continues (pending again), then succeeds.
    const again = await start(order.id, customer.token);
    expect(again.body.payment).toMatchObject({ id: payment.id, status: "pending" });
    const paid = await confirm(payment.id, SUCCEEDS, customer.token);
    expect(paid.status).toBe(200);
    expect(paid.body.payment).toMatchObject({ id: payment.id, status: "succeeded", amountCents: 630, currency: "USD", paidAt: isoTimestamp, card: { brand: "visa", last4: "4242" } });
    expect(paid.body.payment).not.toHaveProperty("failureReason");
    const after = await orderOf(order.id, customer.token);
    expect(after.status).toBe("paid");
    expect(after.events.map((e: { status: string }) => e.status)).toEqual(["placed", "paid"]);
    expect(after.payment).toEqual(paid.body.payment);
    // The lifecycle's own transition to paid ran: it issued the order's S10 tracking number.
    expect(after.publicTrackingNumber).toMatch(/^KE[0-9]{9}[A-Z]{2}$/);

    const [confirmation] = await sink.waitFor((mail) => mail.to.includes(customer.user.email) && mail.subject === `Order #${order.id} is paid`);
    expect(confirmation!.text).toMatch(/Receipt: \$6\.30 paid on .* with visa card ending in 4242\./);
    expect(confirmation!.text).not.toContain("4242 4242");
  });

  it("never pays twice: racing confirmations, a repeat, and a new start after payment", async () => {
    const { customer, order } = await customerWithOrder();
    const payment = (await start(order.id, customer.token)).body.payment;
    const answers = await Promise.all(Array.from({ length: 5 }, () => confirm(payment.id, SUCCEEDS, customer.token)));
    expect(answers.map((a) => a.status)).toEqual(Array(5).fill(200));
    expect(new Set(answers.map((a) => a.body.payment.paidAt)).size).toBe(1);
    expect((await confirm(payment.id, SUCCEEDS, customer.token)).body.payment.paidAt).toBe(answers[0]!.body.payment.paidAt);
    // A decline after the success changes nothing.
    expect((await confirm(payment.id, DECLINED, customer.token)).status).toBe(200);
    expectError(await start(order.id, customer.token), 409, "conflict");
    const after = await orderOf(order.id, customer.token);
    expect(after.events.map((e: { status: string }) => e.status)).toEqual(["placed", "paid"]);
    expect(after.payment).toMatchObject({ status: "succeeded" });
    await sink.waitFor((mail) => mail.to.includes(customer.user.email) && mail.subject === `Order #${order.id} is paid`);
    await world.mailSettled();
    expect(sink.to(customer.user.email).filter((mail) => mail.subject === `Order #${order.id} is paid`)).toHaveLength(1);
  });

  it("charges the price the order was placed at, whatever the rate table says by the time it is paid", async () => {
    const { customer, order } = await customerWithOrder();
    const before = (await start(order.id, customer.token)).body.payment;
    const rates = (await world.client.get("/api/v1/shipping/rates")).body.rates;
    const { version: _v, createdAt: _c, ...table } = rates;
    const dearer = { ...table, zones: table.zones.map((zone: { ratePerKgCents: number }) => ({ ...zone, ratePerKgCents: zone.ratePerKgCents * 2 })) };
    expect((await world.client.post("/api/v1/admin/shipping/rates", dearer, { token: adminToken })).status).toBe(201);
    const again = (await start(order.id, customer.token)).body.payment;
    expect(again).toMatchObject({ id: before.id, amountCents: order.totalCents });
    const paid = await confirm(before.id, SUCCEEDS, customer.token);
    expect(paid.body.payment.amountCents).toBe(order.totalCents);
    expect((await orderOf(order.id, customer.token)).totalCents).toBe(order.totalCents);
    // Back to the table everyone else's tests assume.
    expect((await world.client.post("/api/v1/admin/shipping/rates", table, { token: adminToken })).status).toBe(201);
  });

  it("is 404 for another customer's payment and for unknown ids; 400 for cards it does not know and hostile bodies", async () => {
    const { customer, order } = await customerWithOrder();
    const payment = (await start(order.id, customer.token)).body.payment;
    const other = await signedIn(world.client);
    expectError(await confirm(payment.id, SUCCEEDS, other.token), 404, "not_found");
    expectError(await confirm(2_000_000_000, SUCCEEDS, customer.token), 404, "not_found");
    expectError(await confirm(payment.id, "5555 5555 5555 4444", customer.token), 400, "validation_failed", ["cardNumber"]);
    expectError(await confirm(payment.id, "4".repeat(5000), customer.token), 400, "validation_failed", ["cardNumber"]);
    for (const paymentId of ["1", -1, 0, 1.5, 2 ** 40, null, { $gt: 0 }]) expectError(await confirm(paymentId, SUCCEEDS, customer.token), 400, "validation_failed", ["paymentId"]);
    expectError(await world.client.post("/api/v1/payments/test/confirm", undefined, { token: customer.token, raw: "{", contentType: "application/json" }), 400, "invalid_json");
    expectError(await world.client.post("/api/v1/payments/test/confirm", { paymentId: payment.id, cardNumber: SUCCEEDS }), 401, "unauthenticated");
    expect((await orderOf(order.id, customer.token)).status).toBe("placed");
  });

  it("answers 404 at Stripe's webhook while Stripe is not the provider", async () => {
    expectError(await world.client.post("/api/v1/webhooks/stripe", undefined, { raw: "{}", headers: { "stripe-signature": "t=1,v1=00" } }), 404, "not_found");
  });
});

describe("administrators and payments", () => {
  it("needs a reason for a manual payment, keeps it as a payment of its own and logs it as activity", async () => {
    // An old-style order (no recipient, no sender): the customer cannot pay it, but the contract
    // keeps an administrator's manual payment working for it.
    const { customer, order } = await customerWithOrder({ weightKg: 2.1, destination: "DE" });
    expectError(await start(order.id, customer.token), 409, "conflict");
    expectError(await setStatus(order.id, { status: "paid" }), 400, "validation_failed", ["reason"]);
    expectError(await setStatus(order.id, { status: "paid", reason: "   " }), 400, "validation_failed", ["reason"]);
    expectError(await setStatus(order.id, { status: "cancelled", reason: "why" }), 400, "validation_failed", ["reason"]);
    const paid = await setStatus(order.id, { status: "paid", reason: "Cash at the counter" });
    expect(paid.status).toBe(200);
    expect(paid.body.order).toMatchObject({ status: "paid", payment: { provider: "manual", status: "succeeded", amountCents: 630, paidAt: isoTimestamp } });
    // Repeating it is the usual no-op: no second payment.
    expect((await setStatus(order.id, { status: "paid", reason: "Cash at the counter" })).body.order.payment.id).toBe(paid.body.order.payment.id);
    expect((await orderOf(order.id, customer.token)).payment).toMatchObject({ provider: "manual", status: "succeeded" });
    const activity = await world.client.get("/api/v1/profile/activity", { token: adminToken });
    expect(activity.body.items.map((item: { type: string }) => item.type)).toContain("order_paid_manually");
  });

  it("refunds a paid order in full when an administrator cancels it; the refund shows on the order", async () => {
    const { customer, order } = await customerWithOrder();
    const payment = (await start(order.id, customer.token)).body.payment;
    expect((await confirm(payment.id, SUCCEEDS, customer.token)).status).toBe(200);
    // Customers may cancel only while placed, as before.
    expectError(await world.client.post(`/api/v1/orders/${order.id}/cancel`, undefined, { token: customer.token }), 409, "illegal_transition");
    const cancelled = await setStatus(order.id, { status: "cancelled" });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.order).toMatchObject({ status: "cancelled", payment: { id: payment.id, status: "refunded", refundedAt: isoTimestamp, card: { last4: "4242" } } });
    expect((await orderOf(order.id, customer.token)).payment.status).toBe("refunded");
    expect((await setStatus(order.id, { status: "cancelled" })).body.order.payment.status).toBe("refunded");
    expectError(await start(order.id, customer.token), 409, "conflict");
  });
});

describe("DELETE /api/v1/profile with payments", () => {
  it("is 409 while an order is paid; afterwards keeps the refunded order without its owner and deletes the unpaid one", async () => {
    const { customer, order: paidOrder } = await customerWithOrder();
    const [unpaid] = await placeOrders(world.client, customer.token, 1, { weightKg: 1, destination: "US", reference: "my own words" });
    const payment = (await start(paidOrder.id, customer.token)).body.payment;
    await confirm(payment.id, SUCCEEDS, customer.token);

    expectError(await world.client.delete("/api/v1/profile", { password: customer.user.password }, { token: customer.token }), 409, "conflict");
    expect((await setStatus(paidOrder.id, { status: "cancelled" })).body.order.payment.status).toBe("refunded");
    expect((await world.client.delete("/api/v1/profile", { password: customer.user.password }, { token: customer.token })).status).toBe(204);

    const all = (await world.client.get(`/api/v1/admin/orders?limit=100`, { token: adminToken })).body.items as { id: number; userId: number | null; username: string | null; reference: string | null }[];
    expect(all.find((o) => o.id === unpaid.id)).toBeUndefined();
    expect(all.find((o) => o.id === paidOrder.id)).toMatchObject({ userId: null, username: null, reference: null, status: "cancelled", payment: { status: "refunded" } });
    const rows = await sql(world.databaseUrl, "SELECT user_id FROM orders WHERE id = ANY($1::int[]) ORDER BY id", [[paidOrder.id, unpaid.id]]);
    if (rows) expect(rows).toEqual([{ user_id: null }]);
  });

  it("erases the kept order's names, addresses, phone, e-mail and free text; keeps destination, weights, prices, payment and tracking", async () => {
    const { customer, order } = await customerWithOrder(addressedOrder(2.1, "DE", { reference: "Gift for Erika" }));
    const payment = (await start(order.id, customer.token)).body.payment;
    await confirm(payment.id, SUCCEEDS, customer.token);
    expect((await setStatus(order.id, { status: "shipped" })).status).toBe(200);
    expect((await world.client.post(`/api/v1/admin/orders/${order.id}/tracking-events`, { status: "in_transit", location: "Leipzig hub" }, { token: adminToken })).status).toBe(201);
    expect((await setStatus(order.id, { status: "delivered" })).status).toBe(200);
    const before = await orderOf(order.id, customer.token);
    expect(before.recipient.email).toBe(TEST_RECIPIENTS.DE.email);
    expect((await world.client.delete("/api/v1/profile", { password: customer.user.password }, { token: customer.token })).status).toBe(204);

    const all = (await world.client.get(`/api/v1/admin/orders?limit=100`, { token: adminToken })).body.items as Record<string, unknown>[];
    const kept = all.find((o) => o.id === order.id)!;
    const { recipient: _r, sender: _s, contents: _c, reference: _ref, userId: _u, username: _n, ...business } = { ...before, userId: null, username: null };
    expect(kept).toEqual({
      ...business,
      userId: null,
      username: null,
      reference: null,
      recipient: null,
      sender: null,
      contents: { description: "", valueCents: 2500, currency: "USD" },
    });
    expect(kept).toMatchObject({ destination: "DE", weightKg: 2.1, totalCents: 630, status: "delivered", payment: { status: "succeeded", card: { last4: "4242" } } });
    const text = JSON.stringify(kept);
    for (const personal of [TEST_RECIPIENTS.DE.name, TEST_RECIPIENTS.DE.line1, TEST_RECIPIENTS.DE.email, TEST_RECIPIENTS.DE.phone, "51147", TEST_SENDER.name, TEST_SENDER.line1, "T-shirts", "Gift for Erika"]) {
      expect(text).not.toContain(personal);
    }
    const rows = await sql(world.databaseUrl, "SELECT recipient, sender, reference, contents::text AS contents FROM orders WHERE id = $1", [order.id]);
    if (rows) expect(rows).toEqual([{ recipient: null, sender: null, reference: null, contents: expect.not.stringContaining("T-shirts") }]);

    // Public tracking still follows it, with its timeline.
    const tracking = await world.client.get(`/api/v1/track/${before.publicTrackingNumber}`, { ip: randomIp() });
    expect(tracking.status).toBe(200);
    expect(tracking.body.tracking).toMatchObject({ destinationCountry: "DE", status: "delivered" });
    // The administrator's order page renders the erased order (no 500) and says why the addresses are gone.
    const admin = await webSignInAttempt(world.server.url, world.admin.username, world.admin.password);
    const page = await fetch(`${world.server.url}/orders/${order.id}`, { headers: { cookie: admin.cookie!, "x-forwarded-for": randomIp() } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("Erased with the customer&#x27;s account.");
    expect(html).not.toContain(TEST_RECIPIENTS.DE.name);
    expect(html).toContain("(description erased)");
  });
});
