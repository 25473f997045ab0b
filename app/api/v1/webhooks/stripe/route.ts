import { z } from "zod";
import { limitIp } from "@/lib/http/request-meta";
import { readRawBody } from "@/lib/http/body";
import { json, route, routeMethods } from "@/lib/http/route";
import { receiveStripeEvent, STRIPE_EVENTS, STRIPE_SIGNATURE_FAILURES_PER_IP } from "@/lib/payments/webhooks";

const receiveStripeEventRoute = route(
  {
    method: "POST",
    path: "/api/v1/webhooks/stripe",
    operationId: "receiveStripeEvent",
    tag: "Payments",
    summary: "Stripe's webhook endpoint",
    description: `For Stripe only: the event, raw, signed in the \`Stripe-Signature\` header (verified with the endpoint's signing secret, tolerance 5 minutes). Acts on ${STRIPE_EVENTS.join(", ")}; each event id once. 400 when the signature does not verify (${STRIPE_SIGNATURE_FAILURES_PER_IP} of those from one address in 15 minutes answer 429); 404 when Stripe is not the provider in use.`,
    access: "public",
    responses: {
      200: { description: "Received (also for a replayed event, or one Keel does not act on).", schema: z.strictObject({ received: z.literal(true) }).meta({ id: "StripeEventReceived" }) },
    },
    errors: ["validation_failed", "not_found", "rate_limited"],
    examples: { response: { received: true } },
  },
  async ({ request, meta }) => {
    await receiveStripeEvent(await readRawBody(request), request.headers.get("stripe-signature"), limitIp(meta));
    return json({ received: true });
  },
);

export const { GET, POST, PUT, PATCH, DELETE } = routeMethods(receiveStripeEventRoute);
