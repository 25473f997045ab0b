"use client";

import { useActionState, useRef } from "react";
import { FormMessage, formLevelMessage } from "@/app/_components/form-message";
import { PasswordField } from "@/app/_components/password-field";
import { SubmitButton } from "@/app/_components/submit-button";
import { useFocusFirstError } from "@/app/_components/use-focus-first-error";
import { useKeptFormAction } from "@/app/_components/use-kept-form-action";
import type { FormState } from "@/lib/forms/action";
import { savePassword } from "./actions";

export function PasswordForm() {
  const [state, action, pending] = useActionState<FormState, FormData>(savePassword, {});
  const form = useRef<HTMLFormElement>(null);
  useFocusFirstError(form, state);
  const submit = useKeptFormAction(form, action, state);
  return (
    <form ref={form} action={action} onSubmit={submit} noValidate className="form">
      <FormMessage message={formLevelMessage(state, ["currentPassword", "newPassword"])} ok={state.ok} testId="password-message" />
      <PasswordField
        name="currentPassword"
        label="Current password"
        toggleLabel="Show current password"
        autoComplete="current-password"
        required
        errors={state.fields?.currentPassword}
      />
      <PasswordField
        name="newPassword"
        label="New password"
        toggleLabel="Show new password"
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
