import { idPath } from "@/lib/http/params";
import { json, route, routeMethods } from "@/lib/http/route";
import { paymentResponseSchema } from "@/lib/payments/dto";
import { startPayment } from "@/lib/payments/payments";
import * as sample from "@/app/api/v1/example-values";

const startPaymentRoute = route(
  {
    method: "POST",
    path: "/api/v1/orders/{id}/payment",
    operationId: "startPayment",
    tag: "Payments",
    summary: "Start (or continue) paying one of your orders",
    description:
      "Starts the payment of exactly the order's total, or returns the one already open (a double submit, a second tab and a retry all get the same payment; nothing is charged twice). " +
      "With Stripe, `clientSecret` and `publishableKey` are what Stripe's Payment Element (web) or the mobile SDKs (PaymentSheet) need: confirm the payment there, and the order becomes `paid` when Stripe's webhook reports the success; poll `GET /api/v1/orders/{id}` until `payment.status` is `succeeded`. " +
      "With the test provider, confirm with `POST /api/v1/payments/test/confirm`. 409 `conflict` when the order is not placed (already paid, cancelled); 503 when the payment service cannot be reached (nothing was started).",
    access: "user",
    apiKeyScope: "orders:write",
    params: idPath("order"),
    responses: { 200: { description: "The open payment.", schema: paymentResponseSchema } },
    errors: ["conflict"],
    // The mobile flow: start the payment, hand clientSecret and publishableKey to Stripe's SDK
    // (PaymentSheet), then read the order until payment.status is succeeded (Stripe's webhook pays it).
    examples: {
      params: { id: "123" },
      response: {
        payment: {
          id: 7,
          provider: "stripe",
          status: "pending",
          amountCents: 630,
          currency: "USD",
          createdAt: sample.at,
          clientSecret: "pi_3QxY2bKeel0001_secret_7Hc2yTq9",
          publishableKey: "pk_live_51Keel0000example",
        },
      },
    },
  },
  async ({ params, caller }) => json({ payment: await startPayment(caller.user.id, params.id) }),
);

export const { GET, POST, PUT, PATCH, DELETE } = routeMethods(startPaymentRoute);
