"use client";

import { useActionState } from "react";
import { Field } from "@/app/_components/field";
import { FormMessage } from "@/app/_components/form-message";
import { SubmitButton } from "@/app/_components/submit-button";
import type { FormState } from "@/lib/forms/action";
import { payWithTestCard } from "./actions";

/** The test provider's card form (development and tests): only Stripe's test card numbers mean anything here. */
export function TestCardForm({ orderId, amount }: { orderId: number; amount: string }) {
  const [state, action, pending] = useActionState<FormState, FormData>(payWithTestCard, {});
  return (
    <form action={action} className="form" noValidate data-testid="test-card-form">
      <FormMessage message={state.message} testId="payment-message" />
      <input type="hidden" name="orderId" value={orderId} />
      <Field
        id="cardNumber"
        name="cardNumber"
        label="Card number"
        inputMode="numeric"
        autoComplete="cc-number"
        required
        defaultValue={state.values?.cardNumber}
        errors={state.fields?.cardNumber}
      />
      <p className="hint">
        Test payments: 4242 4242 4242 4242 succeeds, 4000 0000 0000 0002 is declined. No real card is charged.
      </p>
      <SubmitButton pending={pending} pendingLabel="Paying…" className="button">
        Pay {amount}
      </SubmitButton>
    </form>
  );
}
