"use client";

import { useActionState, useEffect, useRef, useState } from "react";
import { FormMessage, formLevelMessage } from "@/app/_components/form-message";
import { PasswordField } from "@/app/_components/password-field";
import { SubmitButton } from "@/app/_components/submit-button";
import { useFocusFirstError } from "@/app/_components/use-focus-first-error";
import { useKeptFormAction } from "@/app/_components/use-kept-form-action";
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
  const submit = useKeptFormAction(form, action, state);

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
        <form ref={form} action={action} onSubmit={submit} noValidate className="form">
          <FormMessage message={formLevelMessage(state, ["password"])} testId="delete-message" />
          <PasswordField
            name="password"
            label="Your password, to confirm"
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
