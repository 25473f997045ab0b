/**
 * A Stripe stand-in on loopback for the tests (Stripe's API cannot be reached from these machines,
 * and no maintained fake has PaymentIntents and webhooks: /work/shared/ENVIRONMENT.md). The server
 * under test talks to it through the real `stripe` SDK (STRIPE_API_URL), so what is checked here is
 * what the SDK really sends: the secret key, an idempotency key on every create, form-encoded
 * parameters. Just enough of the API:
 * - POST /v1/payment_intents (amount, currency, metadata) -> a PaymentIntent with a client secret;
 *   the same Idempotency-Key answers the same PaymentIntent, as Stripe does;
 * - GET /v1/charges/{id} -> the charge of a succeeded PaymentIntent, with its card;
 * - POST /v1/refunds (payment_intent) -> a succeeded refund, idempotent the same way.
 * `down = true` makes every request fail at the connection, like Stripe unreachable.
 *
 * Webhook events are built by the test (event helpers below) and signed with the SDK's own
 * `webhooks.generateTestHeaderString`, so the server's verification is the SDK's real one.
 */
import http from "node:http";
import { randomBytes } from "node:crypto";
import Stripe from "stripe";

export const STRIPE_TEST_KEYS = {
  STRIPE_SECRET_KEY: "sk_test_keelStandIn0123456789",
  STRIPE_PUBLISHABLE_KEY: "pk_test_keelStandIn0123456789",
  STRIPE_WEBHOOK_SECRET: "whsec_keelStandInSigningSecret0123456789",
} as const;

export interface StandInIntent {
  id: string;
  amount: number;
  currency: string;
  metadata: Record<string, string>;
  client_secret: string;
  latest_charge: string | null;
  idempotencyKey: string;
}

export interface StandInRequest {
  method: string;
  path: string;
  idempotencyKey: string | undefined;
  authorization: string | undefined;
  params: URLSearchParams;
}

export interface StripeStandIn {
  url: string;
  /** Every request the server made, in order. */
  requests: StandInRequest[];
  intents: Map<string, StandInIntent>;
  refunds: { id: string; paymentIntent: string; idempotencyKey: string }[];
  down: boolean;
  /** The PaymentIntent the server created for this order (its newest), or undefined. */
  intentFor(orderId: number): StandInIntent | undefined;
  /** Marks an intent paid by card: gives it a charge that GET /v1/charges returns. */
  charge(intentId: string, card?: { brand: string; last4: string }): string;
  close(): Promise<void>;
}

const id = (prefix: string) => `${prefix}_${randomBytes(12).toString("hex")}`;

function send(response: http.ServerResponse, status: number, body: unknown) {
  response.writeHead(status, { "content-type": "application/json", "request-id": id("req") });
  response.end(JSON.stringify(body));
}

export async function startStripeStandIn(): Promise<StripeStandIn> {
  const intents = new Map<string, StandInIntent>();
  const byIdempotencyKey = new Map<string, unknown>();
  const charges = new Map<string, { id: string; payment_intent: string; card: { brand: string; last4: string } }>();
  const refunds: StripeStandIn["refunds"] = [];
  const requests: StandInRequest[] = [];

  const state = { down: false };
  const server = http.createServer(async (request, response) => {
    if (state.down) {
      request.socket.destroy();
      return;
    }
    let text = "";
    for await (const chunk of request) text += chunk;
    const url = new URL(request.url ?? "/", "http://stand-in");
    const params = new URLSearchParams(text);
    const idempotencyKey = request.headers["idempotency-key"] as string | undefined;
    requests.push({ method: request.method ?? "", path: url.pathname, idempotencyKey, authorization: request.headers.authorization, params });

    if (request.headers.authorization !== `Bearer ${STRIPE_TEST_KEYS.STRIPE_SECRET_KEY}`) {
      return send(response, 401, { error: { type: "invalid_request_error", message: "Invalid API Key provided." } });
    }
    if (request.method === "POST" && !idempotencyKey) {
      return send(response, 400, { error: { type: "invalid_request_error", message: "The stand-in insists on an Idempotency-Key for every create." } });
    }
    const replay = idempotencyKey ? byIdempotencyKey.get(`${url.pathname}|${idempotencyKey}`) : undefined;
    if (replay) return send(response, 200, replay);

    if (request.method === "POST" && url.pathname === "/v1/payment_intents") {
      const amount = Number(params.get("amount"));
      const currency = params.get("currency") ?? "";
      if (!Number.isInteger(amount) || amount < 50 || !/^[a-z]{3}$/.test(currency)) {
        return send(response, 400, { error: { type: "invalid_request_error", message: "amount and currency are required" } });
      }
      const metadata: Record<string, string> = {};
      for (const [key, value] of params) {
        const match = /^metadata\[(.+)\]$/.exec(key);
        if (match) metadata[match[1]!] = value;
      }
      const intentId = id("pi");
      const intent: StandInIntent = {
        id: intentId,
        amount,
        currency,
        metadata,
        client_secret: `${intentId}_secret_${randomBytes(8).toString("hex")}`,
        latest_charge: null,
        idempotencyKey: idempotencyKey!,
      };
      intents.set(intentId, intent);
      const body = { object: "payment_intent", status: "requires_payment_method", ...intent, idempotencyKey: undefined };
      byIdempotencyKey.set(`${url.pathname}|${idempotencyKey}`, body);
      return send(response, 200, body);
    }
    const chargeMatch = /^\/v1\/charges\/([A-Za-z0-9_]+)$/.exec(url.pathname);
    if (request.method === "GET" && chargeMatch) {
      const charge = charges.get(chargeMatch[1]!);
      if (!charge) return send(response, 404, { error: { type: "invalid_request_error", message: "No such charge" } });
      return send(response, 200, { id: charge.id, object: "charge", payment_intent: charge.payment_intent, payment_method_details: { type: "card", card: charge.card } });
    }
    if (request.method === "POST" && url.pathname === "/v1/refunds") {
      const paymentIntent = params.get("payment_intent") ?? "";
      if (!intents.has(paymentIntent)) return send(response, 400, { error: { type: "invalid_request_error", message: "No such payment_intent" } });
      const refund = { id: id("re"), object: "refund", status: "succeeded", payment_intent: paymentIntent, amount: intents.get(paymentIntent)!.amount };
      refunds.push({ id: refund.id, paymentIntent, idempotencyKey: idempotencyKey! });
      byIdempotencyKey.set(`${url.pathname}|${idempotencyKey}`, refund);
      return send(response, 200, refund);
    }
    return send(response, 404, { error: { type: "invalid_request_error", message: `Unrecognized request URL (${request.method}: ${url.pathname})` } });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    intents,
    refunds,
    get down() {
      return state.down;
    },
    set down(value: boolean) {
      state.down = value;
    },
    intentFor(orderId) {
      return [...intents.values()].filter((intent) => intent.metadata.orderId === String(orderId)).at(-1);
    },
    charge(intentId, card = { brand: "visa", last4: "4242" }) {
      const chargeId = id("ch");
      charges.set(chargeId, { id: chargeId, payment_intent: intentId, card });
      intents.get(intentId)!.latest_charge = chargeId;
      return chargeId;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The SDK's own webhook helpers, for signing events exactly as Stripe does. */
const webhooks = new Stripe(STRIPE_TEST_KEYS.STRIPE_SECRET_KEY).webhooks;

export interface SignedEvent {
  payload: string;
  signature: string;
}

/** A Stripe event of `type` about `object`, signed with the endpoint's secret (or another), at `timestamp` (seconds). */
export function signedEvent(type: string, object: Record<string, unknown>, options: { eventId?: string; secret?: string; timestamp?: number } = {}): SignedEvent {
  const payload = JSON.stringify({
    id: options.eventId ?? id("evt"),
    object: "event",
    api_version: "2026-11-18.endive",
    created: Math.floor(Date.now() / 1000),
    type,
    livemode: false,
    data: { object },
  });
  const signature = webhooks.generateTestHeaderString({
    payload,
    secret: options.secret ?? STRIPE_TEST_KEYS.STRIPE_WEBHOOK_SECRET,
    ...(options.timestamp !== undefined ? { timestamp: options.timestamp } : {}),
  });
  return { payload, signature };
}

/** payment_intent.succeeded for the intent as the stand-in holds it (amount and currency overridable, to forge a mismatch). */
export function succeededEvent(intent: StandInIntent, override: { amount?: number; currency?: string; eventId?: string } = {}): SignedEvent {
  const amount = override.amount ?? intent.amount;
  return signedEvent(
    "payment_intent.succeeded",
    { id: intent.id, object: "payment_intent", amount, amount_received: amount, currency: override.currency ?? intent.currency, status: "succeeded", metadata: intent.metadata, latest_charge: intent.latest_charge },
    { eventId: override.eventId },
  );
}

export function failedEvent(intent: StandInIntent, message = "Your card was declined."): SignedEvent {
  return signedEvent("payment_intent.payment_failed", {
    id: intent.id,
    object: "payment_intent",
    amount: intent.amount,
    currency: intent.currency,
    status: "requires_payment_method",
    metadata: intent.metadata,
    last_payment_error: { type: "card_error", code: "card_declined", message },
  });
}

export function refundedEvent(intent: StandInIntent): SignedEvent {
  return signedEvent("charge.refunded", {
    id: intent.latest_charge ?? id("ch"),
    object: "charge",
    amount: intent.amount,
    amount_refunded: intent.amount,
    currency: intent.currency,
    payment_intent: intent.id,
    refunded: true,
  });
}
