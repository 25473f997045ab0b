/**
 * The order e-mails through the job queue and a real SMTP server on loopback: reaching `paid` sends
 * the order confirmation, `shipped` the tracking notice and `cancelled` a cancellation notice, once
 * each, to the order's customer; placing (API.md: "Placing an order sends no e-mail"), delivering,
 * repeating a status and a refused transition send nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testEngine } from "../support/engine";
import { newUser, tokensFor } from "../support/http";
import { mailEnv, type MailWorld, startMailWorld, TEST_APP_URL } from "../support/mail-world";
import { type SmtpSink, startSmtpSink } from "../support/smtp-sink";

const engine = testEngine();

describe(`order e-mails (${engine})`, () => {
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

  const setStatus = (id: number, status: string, extra: Record<string, unknown> = {}) =>
    world.client.post(`/api/v1/admin/orders/${id}/status`, { status, ...(status === "paid" ? { reason: "Cash (test)" } : {}), ...extra }, { token: adminToken });

  async function customerWithOrder() {
    const user = await newUser(world.client);
    await sink.waitFor((m) => m.to.includes(user.email) && m.subject === "Welcome to Keel");
    const tokens = await tokensFor(world.client, user);
    const placed = await world.client.post("/api/v1/orders", { weightKg: 2.1, destination: "DE" }, { token: tokens.accessToken });
    expect(placed.status).toBe(201);
    return { user, order: placed.body.order as { id: number; totalCents: number } };
  }

  // Only order mail: not the welcome, nor the new-device notice of the sign-in.
  const orderMail = (email: string) => sink.to(email).filter((m) => m.subject !== "Welcome to Keel" && m.subject !== "New sign-in to your Keel account");

  it("paid sends one order confirmation and shipped one tracking notice; repeats send nothing more", async () => {
    const { user, order } = await customerWithOrder();
    await world.mailSettled();
    expect(orderMail(user.email)).toHaveLength(0);

    expect((await setStatus(order.id, "paid")).status).toBe(200);
    const [confirmation] = await sink.waitFor((m) => m.to.includes(user.email) && m.subject === `Order #${order.id} is paid`);
    for (const part of [confirmation!.text, confirmation!.html]) {
      expect(part).toContain(user.username);
      expect(part).toContain(`${TEST_APP_URL}/orders/${order.id}`);
      expect(part).toContain("$6.30");
    }

    expect((await setStatus(order.id, "paid")).status).toBe(200);
    expect((await setStatus(order.id, "shipped", { trackingNumber: "1Z-TRACK-42" })).status).toBe(200);
    const [shipped] = await sink.waitFor((m) => m.to.includes(user.email) && m.subject === `Order #${order.id} has shipped`);
    expect(shipped!.text).toContain("1Z-TRACK-42");
    expect(shipped!.html).toContain("1Z-TRACK-42");

    expect((await setStatus(order.id, "shipped", { trackingNumber: "1Z-TRACK-42" })).status).toBe(200);
    expect((await setStatus(order.id, "delivered")).status).toBe(200);
    await world.mailSettled();
    expect(orderMail(user.email).map((m) => m.subject).sort()).toEqual([`Order #${order.id} has shipped`, `Order #${order.id} is paid`]);
  });

  it("a cancelled order sends one cancellation notice; a refused transition and a repeat send nothing", async () => {
    const { user, order } = await customerWithOrder();
    expect((await setStatus(order.id, "cancelled")).status).toBe(200);
    expect((await setStatus(order.id, "cancelled")).status).toBe(200);
    expect((await setStatus(order.id, "paid")).status).toBe(409);
    const [notice] = await sink.waitFor((m) => m.to.includes(user.email) && m.subject === `Order #${order.id} is cancelled`);
    for (const part of [notice!.text, notice!.html]) {
      expect(part).toContain("was cancelled by Keel");
      expect(part).toContain("$6.30");
      expect(part).toContain(`${TEST_APP_URL}/orders/${order.id}`);
    }
    await world.mailSettled();
    expect(orderMail(user.email).map((m) => m.subject)).toEqual([`Order #${order.id} is cancelled`]);
  });

  it("a customer's own cancellation is confirmed by e-mail in their words", async () => {
    const user = await newUser(world.client);
    await sink.waitFor((m) => m.to.includes(user.email) && m.subject === "Welcome to Keel");
    const tokens = await tokensFor(world.client, user);
    const placed = await world.client.post("/api/v1/orders", { weightKg: 1, destination: "US" }, { token: tokens.accessToken });
    const id = placed.body.order.id as number;
    expect((await world.client.post(`/api/v1/orders/${id}/cancel`, undefined, { token: tokens.accessToken })).status).toBe(200);
    const [notice] = await sink.waitFor((m) => m.to.includes(user.email) && m.subject === `Order #${id} is cancelled`);
    expect(notice!.text).toContain(`You cancelled your order #${id}`);
  });
});
