"use client";

import { useActionState, useRef } from "react";
import { Field } from "@/app/_components/field";
import { FormMessage, formLevelMessage } from "@/app/_components/form-message";
import { SelectField } from "@/app/_components/select-field";
import { SubmitButton } from "@/app/_components/submit-button";
import { useFocusFirstError } from "@/app/_components/use-focus-first-error";
import { TRACKING_STATUS_LABELS } from "@/app/orders/status-labels";
import type { FormState } from "@/lib/forms/action";
import { LOCATION_MAX_LENGTH, NOTE_MAX_LENGTH, TRACKING_EVENT_STATUSES } from "@/lib/tracking/schemas";
import { addTrackingEventAction } from "./actions";

/**
 * Records a tracking event on one paid or shipped order; the public tracking page shows it at once.
 * Each error is said once: next to its field, or in the form's message when it belongs to none.
 */
export function TrackingEventForm({ orderId }: { orderId: number }) {
  const [state, action, pending] = useActionState<FormState, FormData>(addTrackingEventAction, {});
  const form = useRef<HTMLFormElement>(null);
  useFocusFirstError(form, state);
  const id = (name: string) => `${name}-${orderId}`;
  return (
    <form ref={form} action={action} className="inline-form" noValidate data-testid="tracking-event-form" aria-label={`Tracking event for order #${orderId}`}>
      <input type="hidden" name="orderId" value={orderId} />
      <SelectField
        id={id("eventStatus")}
        name="eventStatus"
        label="Tracking event"
        defaultValue={state.values?.eventStatus ?? TRACKING_EVENT_STATUSES[0]}
        errors={state.fields?.["body.status"]}
      >
        {TRACKING_EVENT_STATUSES.map((option) => (
          <option key={option} value={option}>
            {TRACKING_STATUS_LABELS[option]}
          </option>
        ))}
      </SelectField>
      <Field
        id={id("location")}
        name="location"
        label="Location (public)"
        maxLength={LOCATION_MAX_LENGTH}
        defaultValue={state.values?.location}
        errors={state.fields?.["body.location"]}
      />
      <Field
        id={id("note")}
        name="note"
        label="Note (customer only)"
        maxLength={NOTE_MAX_LENGTH}
        defaultValue={state.values?.note}
        errors={state.fields?.["body.note"]}
      />
      <SubmitButton pending={pending} pendingLabel="Saving…" className="button secondary">
        Add tracking event
      </SubmitButton>
      <div className="inline-form-message">
        <FormMessage message={formLevelMessage(state, ["body.status", "body.location", "body.note"])} ok={state.ok} testId={`tracking-message-${orderId}`} />
      </div>
    </form>
  );
}
