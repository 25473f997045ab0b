"use client";

import { useActionState, useRef } from "react";
import { Field } from "@/app/_components/field";
import { FormMessage } from "@/app/_components/form-message";
import { SubmitButton } from "@/app/_components/submit-button";
import { useFocusFirstError } from "@/app/_components/use-focus-first-error";
import type { FormState } from "@/lib/forms/action";
import { savePassword } from "./actions";

export function PasswordForm() {
  const [state, action, pending] = useActionState<FormState, FormData>(savePassword, {});
  const form = useRef<HTMLFormElement>(null);
  useFocusFirstError(form, state);
  return (
    <form ref={form} action={action} noValidate className="form">
      <FormMessage message={state.message} ok={state.ok} testId="password-message" />
      <Field
        name="currentPassword"
        label="Current password"
        type="password"
        autoComplete="current-password"
        required
        errors={state.fields?.currentPassword}
      />
      <Field
        name="newPassword"
        label="New password"
        type="password"
        autoComplete="new-password"
        required
        minLength={8}
        maxLength={128}
        hint="At least 8 characters. Changing it signs out your other devices and apps."
        errors={state.fields?.newPassword}
      />
      <SubmitButton pending={pending} pendingLabel="Changing password…">
        Change password
      </SubmitButton>
    </form>
  );
}
