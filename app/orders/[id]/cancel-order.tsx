"use client";

import { useActionState, useEffect, useRef, useState } from "react";
import { FormMessage } from "@/app/_components/form-message";
import type { FormState } from "@/lib/forms/action";
import { cancelOrder } from "./actions";

/**
 * Customers can cancel an order until it is paid. Cancelling cannot be undone, so the button first
 * asks to confirm, and "Keep the order" goes back.
 */
export function CancelOrder({ orderId }: { orderId: number }) {
  const [state, action, pending] = useActionState<FormState, FormData>(cancelOrder, {});
  const [confirming, setConfirming] = useState(false);
  const confirmButton = useRef<HTMLButtonElement>(null);
  const cancelButton = useRef<HTMLButtonElement>(null);
  const asked = useRef(false);
  // Each answer ends the confirmation (a refusal shows its reason; a new change asks again): reset
  // while rendering the new answer, React's pattern for state that follows a value.
  const [answered, setAnswered] = useState(state);
  if (answered !== state) {
    setAnswered(state);
    setConfirming(false);
  }
  // Focus follows the step: onto "Yes, cancel it" when asked, back onto "Cancel order" after "Keep".
  useEffect(() => {
    if (confirming) confirmButton.current?.focus();
    else if (asked.current) cancelButton.current?.focus();
    asked.current = confirming;
  }, [confirming]);
  return (
    <form action={action} className="form" data-testid="cancel-order">
      <FormMessage message={state.message} testId="cancel-message" />
      <input type="hidden" name="orderId" value={orderId} />
      {confirming ? (
        <div role="group" aria-labelledby="cancel-confirm-question" className="confirm-step">
          <p id="cancel-confirm-question" data-testid="cancel-confirm">
            Cancel order #{orderId}? This cannot be undone.
          </p>
          <div className="actions">
            <button ref={confirmButton} type="submit" className="button danger" disabled={pending} aria-disabled={pending}>
              {pending ? "Cancelling…" : "Yes, cancel it"}
            </button>
            <button type="button" className="button secondary" onClick={() => setConfirming(false)} disabled={pending}>
              Keep the order
            </button>
          </div>
        </div>
      ) : (
        <>
          <p className="hint">You can cancel this order until it is paid.</p>
          <button ref={cancelButton} type="button" className="button danger-outline" onClick={() => setConfirming(true)}>
            Cancel order
          </button>
        </>
      )}
    </form>
  );
}
