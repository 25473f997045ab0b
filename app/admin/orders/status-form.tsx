"use client";

import { useActionState, useState } from "react";
import { Field } from "@/app/_components/field";
import { FormMessage } from "@/app/_components/form-message";
import { SelectField } from "@/app/_components/select-field";
import { SubmitButton } from "@/app/_components/submit-button";
import { STATUS_LABELS } from "@/app/orders/status-labels";
import type { FormState } from "@/lib/forms/action";
import type { OrderStatus } from "@/lib/orders/lifecycle";
import { changeStatus } from "./actions";

/** Moves one order to one of the statuses the lifecycle allows next; shipping takes a carrier's number if there is one. */
export function StatusForm({ orderId, next }: { orderId: number; next: readonly OrderStatus[] }) {
  const [state, action, pending] = useActionState<FormState, FormData>(changeStatus, {});
  const [status, setStatus] = useState<OrderStatus>(next[0]!);
  const id = (name: string) => `${name}-${orderId}`;
  return (
    <form action={action} className="inline-form" noValidate data-testid="status-form">
      <input type="hidden" name="orderId" value={orderId} />
      <SelectField
        id={id("status")}
        name="status"
        label="New status"
        value={status}
        onChange={(event) => setStatus(event.target.value as OrderStatus)}
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
      <SubmitButton pending={pending} pendingLabel="Saving…" className="button secondary">
        Change status
      </SubmitButton>
      <div className="inline-form-message">
        <FormMessage message={state.message} ok={state.ok} testId={`status-message-${orderId}`} />
      </div>
    </form>
  );
}
