"use client";

import Link from "next/link";
import { useActionState, useRef } from "react";
import { FormMessage, formLevelMessage } from "@/app/_components/form-message";
import { PasswordField } from "@/app/_components/password-field";
import { SubmitButton } from "@/app/_components/submit-button";
import { useFocusFirstError } from "@/app/_components/use-focus-first-error";
import { useKeptFormAction } from "@/app/_components/use-kept-form-action";
import type { FormState } from "@/lib/forms/action";
import { chooseNewPassword } from "./actions";

export function ResetPasswordForm({ token }: { token: string }) {
  const [state, action, pending] = useActionState<FormState, FormData>(chooseNewPassword, {});
  const form = useRef<HTMLFormElement>(null);
  useFocusFirstError(form, state);
  const submit = useKeptFormAction(form, action, state);
  const linkFailed = !state.ok && state.message && !state.fields;
  return (
    <form ref={form} action={action} onSubmit={submit} noValidate className="form">
      <input type="hidden" name="token" value={token} />
      <PasswordField
        name="newPassword"
        label="New password"
        autoComplete="new-password"
        required
        minLength={8}
        maxLength={128}
        hint="At least 8 characters. Setting it signs you out on every device."
        errors={state.fields?.newPassword}
      />
      <SubmitButton pending={pending} pendingLabel="Saving…">
        Set new password
      </SubmitButton>
      {/* Below the button, so that nothing above it moves when the answer arrives. */}
      <FormMessage message={formLevelMessage(state, ["newPassword"])} ok={state.ok} testId="reset-password-message" />
      {linkFailed ? (
        <p>
          <Link href="/forgot-password">Ask for a new link</Link>
        </p>
      ) : null}
    </form>
  );
}
