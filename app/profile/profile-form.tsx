"use client";

import { useActionState, useRef } from "react";
import { EmailField, UsernameField } from "@/app/_components/field";
import { FormMessage, formLevelMessage } from "@/app/_components/form-message";
import { SubmitButton } from "@/app/_components/submit-button";
import { useFocusFirstError } from "@/app/_components/use-focus-first-error";
import { useKeptFormAction } from "@/app/_components/use-kept-form-action";
import type { FormState } from "@/lib/forms/action";
import { saveProfile } from "./actions";

export function ProfileForm({ username, email }: { username: string; email: string }) {
  const [state, action, pending] = useActionState<FormState, FormData>(saveProfile, {});
  const form = useRef<HTMLFormElement>(null);
  useFocusFirstError(form, state);
  const submit = useKeptFormAction(form, action, state);
  return (
    <form ref={form} action={action} onSubmit={submit} noValidate className="form">
      <FormMessage message={formLevelMessage(state, ["username", "email"])} ok={state.ok} testId="profile-message" />
      <UsernameField defaultValue={state.values?.username ?? username} errors={state.fields?.username} />
      <EmailField defaultValue={state.values?.email ?? email} errors={state.fields?.email} />
      <SubmitButton pending={pending} pendingLabel="Saving…">
        Save changes
      </SubmitButton>
    </form>
  );
}
