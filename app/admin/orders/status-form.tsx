"use client";

import { useActionState, useEffect, useRef, useState } from "react";
import { Field } from "@/app/_components/field";
import { FormMessage, formLevelMessage } from "@/app/_components/form-message";
import { SelectField } from "@/app/_components/select-field";
import { useFocusFirstError } from "@/app/_components/use-focus-first-error";
import { STATUS_LABELS } from "@/app/orders/status-labels";
import type { FormState } from "@/lib/forms/action";
import type { OrderStatus } from "@/lib/orders/lifecycle";
import { NOTE_MAX_LENGTH } from "@/lib/tracking/schemas";
import { changeStatus } from "./actions";

/**
 * Moves one order to one of the statuses the lifecycle allows next; shipping takes a carrier's number
 * if there is one, and any change an optional note for the other administrators (never shown to the
 * customer: lib/orders/dto.ts). A change reaches the customer (an e-mail, a status they see) and cannot
 * be taken back, so "Change status" first asks to confirm it, naming the order and the new status.
 * Each error is said once: next to its field, or (belonging to none, such as a refused transition)
 * in the form's message.
 */
export function StatusForm({ orderId, next }: { orderId: number; next: readonly OrderStatus[] }) {
  const [state, action, pending] = useActionState<FormState, FormData>(changeStatus, {});
  const [status, setStatus] = useState<OrderStatus>(next[0]!);
  const [confirming, setConfirming] = useState(false);
  const confirmButton = useRef<HTMLButtonElement>(null);
  const form = useRef<HTMLFormElement>(null);
  useFocusFirstError(form, state);
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
    <form ref={form} action={action} className="inline-form" noValidate data-testid="status-form">
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
      <Field
        id={id("statusNote")}
        name="statusNote"
        label="Note for administrators (optional)"
        hint="Kept in the order's history; the customer does not see it."
        maxLength={NOTE_MAX_LENGTH}
        defaultValue={state.values?.statusNote}
        errors={state.fields?.["body.note"]}
      />
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
        <FormMessage
          message={formLevelMessage(state, ["body.status", "body.trackingNumber", "body.reason", "body.note"])}
          ok={state.ok}
          testId={`status-message-${orderId}`}
        />
      </div>
    </form>
  );
}
