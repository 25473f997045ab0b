"use client";

import { useActionState, useEffect, useRef, useState } from "react";
import { Field } from "@/app/_components/field";
import { FormMessage } from "@/app/_components/form-message";
import { SelectField } from "@/app/_components/select-field";
import { STATUS_LABELS } from "@/app/orders/status-labels";
import type { FormState } from "@/lib/forms/action";
import type { OrderStatus } from "@/lib/orders/lifecycle";
import { changeStatus } from "./actions";

/**
 * Moves one order to one of the statuses the lifecycle allows next; shipping takes a carrier's number
 * if there is one. A change reaches the customer (an e-mail, a status they see) and cannot be taken back, so
 * "Change status" first asks to confirm it, naming the order and the new status.
 */
export function StatusForm({ orderId, next }: { orderId: number; next: readonly OrderStatus[] }) {
  const [state, action, pending] = useActionState<FormState, FormData>(changeStatus, {});
  const [status, setStatus] = useState<OrderStatus>(next[0]!);
  const [confirming, setConfirming] = useState(false);
  const confirmButton = useRef<HTMLButtonElement>(null);
  // Each answer ends the confirmation (a refusal shows its reason; a new change asks again): reset
  // while rendering the new answer, React's pattern for state that follows a value.
  const [answered, setAnswered] = useState(state);
  if (answered !== state) {
    setAnswered(state);
    setConfirming(false);
  }
  useEffect(() => {
    if (confirming) confirmButton.current?.focus();
  }, [confirming]);
  const id = (name: string) => `${name}-${orderId}`;
  return (
    <form action={action} className="inline-form" noValidate data-testid="status-form">
      <input type="hidden" name="orderId" value={orderId} />
      <SelectField
        id={id("status")}
        name="status"
        label="New status"
        value={status}
        onChange={(event) => {
          setStatus(event.target.value as OrderStatus);
          setConfirming(false);
        }}
        errors={state.fields?.["body.status"]}
      >
        {next.map((option) => (
          <option key={option} value={option}>
            {STATUS_LABELS[option]}
          </option>
        ))}
      </SelectField>
      {status === "shipped" ? (
        <Field
          id={id("trackingNumber")}
          name="trackingNumber"
          label="Carrier's tracking number (optional)"
          defaultValue={state.values?.trackingNumber}
          errors={state.fields?.["body.trackingNumber"]}
        />
      ) : null}
      {status === "paid" ? (
        <Field
          id={id("reason")}
          name="reason"
          label="How was it paid? (cash, invoice number)"
          required
          defaultValue={state.values?.reason}
          errors={state.fields?.["body.reason"]}
        />
      ) : null}
      {confirming ? (
        <p className="confirm-step" role="group" aria-label={`Confirm the change of order #${orderId}`}>
          <span data-testid={`status-confirm-${orderId}`}>
            Mark order #{orderId} as {STATUS_LABELS[status].toLowerCase()}? The customer is told.
          </span>{" "}
          <button ref={confirmButton} type="submit" className="button" disabled={pending} aria-disabled={pending}>
            {pending ? "Saving…" : "Confirm change"}
          </button>{" "}
          <button type="button" className="button secondary" onClick={() => setConfirming(false)} disabled={pending}>
            Back
          </button>
        </p>
      ) : (
        <button type="button" className="button secondary" onClick={() => setConfirming(true)}>
          Change status
        </button>
      )}
      <div className="inline-form-message">
        <FormMessage message={state.message} ok={state.ok} testId={`status-message-${orderId}`} />
      </div>
    </form>
  );
}
