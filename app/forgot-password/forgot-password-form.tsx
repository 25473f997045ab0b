"use client";

import { useActionState, useRef } from "react";
import { EmailField } from "@/app/_components/field";
import { FormMessage, formLevelMessage } from "@/app/_components/form-message";
import { SubmitButton } from "@/app/_components/submit-button";
import { useFocusFirstError } from "@/app/_components/use-focus-first-error";
import { useKeptFormAction } from "@/app/_components/use-kept-form-action";
import type { FormState } from "@/lib/forms/action";
import { askForResetLink } from "./actions";

export function ForgotPasswordForm() {
  const [state, action, pending] = useActionState<FormState, FormData>(askForResetLink, {});
  const form = useRef<HTMLFormElement>(null);
  useFocusFirstError(form, state);
  const submit = useKeptFormAction(form, action, state);
  return (
    <form ref={form} action={action} onSubmit={submit} noValidate className="form">
      <EmailField defaultValue={state.values?.email} errors={state.fields?.email} />
      <SubmitButton pending={pending} pendingLabel="Sending…">
        Send me a link
      </SubmitButton>
      {/* Below the button: the answer arrives a moment after the press, and nothing above it moves. */}
      <FormMessage message={formLevelMessage(state, ["email"])} ok={state.ok} testId="forgot-password-message" />
    </form>
  );
}
