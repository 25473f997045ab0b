"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { formAction } from "@/lib/forms/action";
import { confirmTestPayment, startPayment } from "@/lib/payments/payments";

const testCardForm = z.object({
  orderId: z.coerce.number().int().positive().max(2_147_483_647),
  cardNumber: z.string().trim().min(1, "Enter the card number.").max(40, "Use a test card number."),
});

/** The test provider's card form: the same two steps as an API client (start, then confirm). */
export const payWithTestCard = formAction("user", testCardForm, async ({ orderId, cardNumber }, { caller }) => {
  const payment = await startPayment(caller.user.id, orderId);
  await confirmTestPayment(caller.user.id, payment.id, cardNumber);
  redirect(`/orders/${orderId}?paid=1`);
});
