import { z } from "zod";
import { json, route, routeMethods } from "@/lib/http/route";
import { paymentResponseSchema } from "@/lib/payments/dto";
import { confirmTestPayment } from "@/lib/payments/payments";
import { TEST_CARD_DECLINED, TEST_CARD_SUCCEEDS } from "@/lib/payments/test-cards";
import * as sample from "@/app/api/v1/example-values";

const confirmTestPaymentSchema = z
  .strictObject({
    paymentId: z.int({ error: "paymentId must be a payment's id." }).positive("paymentId must be a payment's id.").max(2_147_483_647, "paymentId must be a payment's id."),
    cardNumber: z.string({ error: "The card number must be text." }).max(40, "Use a test card number."),
  })
  .meta({ id: "ConfirmTestPaymentRequest", example: { paymentId: 7, cardNumber: TEST_CARD_SUCCEEDS } });

const confirmTestPaymentRoute = route(
  {
    method: "POST",
    path: "/api/v1/payments/test/confirm",
    operationId: "confirmTestPayment",
    tag: "Payments",
    summary: "Pay with a test card (test provider only)",
    description: `Development and tests only: card ${TEST_CARD_SUCCEEDS} succeeds (the order becomes paid, as with Stripe's success webhook), ${TEST_CARD_DECLINED} is declined (402 \`payment_declined\`; recorded, the order stays placed and can be paid again). 404 whenever the test provider is not the one in use.`,
    access: "user",
    apiKeyScope: "orders:write",
    body: confirmTestPaymentSchema,
    responses: { 200: { description: "The payment, succeeded.", schema: paymentResponseSchema } },
    errors: ["payment_declined", "not_found"],
    examples: {
      request: { paymentId: 7, cardNumber: "4242 4242 4242 4242" },
      response: {
        payment: { id: 7, provider: "test", status: "succeeded", amountCents: 630, currency: "USD", createdAt: sample.at, paidAt: sample.at, card: { brand: "visa", last4: "4242" } },
      },
    },
  },
  async ({ body, caller }) => json({ payment: await confirmTestPayment(caller.user.id, body.paymentId, body.cardNumber) }),
);

export const { GET, POST, PUT, PATCH, DELETE } = routeMethods(confirmTestPaymentRoute);
