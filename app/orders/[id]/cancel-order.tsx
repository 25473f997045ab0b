"use client";

import { useActionState } from "react";
import { FormMessage } from "@/app/_components/form-message";
import { SubmitButton } from "@/app/_components/submit-button";
import type { FormState } from "@/lib/forms/action";
import { cancelOrder } from "./actions";

/** Customers can cancel an order until it is paid. */
export function CancelOrder({ orderId }: { orderId: number }) {
  const [state, action, pending] = useActionState<FormState, FormData>(cancelOrder, {});
  return (
    <form action={action} className="form" data-testid="cancel-order">
      <FormMessage message={state.message} testId="cancel-message" />
      <input type="hidden" name="orderId" value={orderId} />
      <p className="hint">You can cancel this order until it is paid.</p>
      <SubmitButton pending={pending} pendingLabel="Cancelling…" className="button danger-outline">
        Cancel order
      </SubmitButton>
    </form>
  );
}
