"use client";

import { useActionState, useEffect, useRef, useState } from "react";
import { Field } from "@/app/_components/field";
import { FormMessage } from "@/app/_components/form-message";
import { SubmitButton } from "@/app/_components/submit-button";
import { useFocusFirstError } from "@/app/_components/use-focus-first-error";
import type { FormState } from "@/lib/forms/action";
import { removeAccount } from "./actions";

/** Deleting is two steps: open the confirmation, then confirm it with the password. */
export function DeleteAccount({ orderCount }: { orderCount: number }) {
  const [confirming, setConfirming] = useState(false);
  const [state, action, pending] = useActionState<FormState, FormData>(removeAccount, {});
  const form = useRef<HTMLFormElement>(null);
  const opener = useRef<HTMLButtonElement>(null);
  const wasConfirming = useRef(false);
  useFocusFirstError(form, state);

  useEffect(() => {
    if (confirming) form.current?.querySelector<HTMLInputElement>("input[name='password']")?.focus();
    else if (wasConfirming.current) opener.current?.focus();
    wasConfirming.current = confirming;
  }, [confirming]);

  const orders = orderCount === 1 ? "your order" : `your ${orderCount} orders`;
  return (
    <>
      <p>Deleting your account removes it and {orderCount === 0 ? "everything in it" : orders} for good. This cannot be undone.</p>
      {confirming ? (
        <form ref={form} action={action} noValidate className="form">
          <FormMessage message={state.message} testId="delete-message" />
          <Field
            name="password"
            label="Your password, to confirm"
            type="password"
            autoComplete="current-password"
            required
            errors={state.fields?.password}
          />
          <div className="actions">
            <SubmitButton pending={pending} pendingLabel="Deleting…" className="button danger">
              Delete my account
            </SubmitButton>
            <button type="button" className="button secondary" onClick={() => setConfirming(false)} disabled={pending}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <button
          ref={opener}
          type="button"
          className="button danger-outline"
          onClick={() => setConfirming(true)}
        >
          Delete account…
        </button>
      )}
    </>
  );
}
