"use client";

import { useActionState, useRef } from "react";
import { EmailField, UsernameField } from "@/app/_components/field";
import { FormMessage, formLevelMessage } from "@/app/_components/form-message";
import { PasswordField } from "@/app/_components/password-field";
import { useFocusFirstError } from "@/app/_components/use-focus-first-error";
import { useKeptFormAction } from "@/app/_components/use-kept-form-action";
import type { FormState } from "@/lib/forms/action";
import { register } from "./actions";

export function RegisterForm({ returnTo }: { returnTo: string }) {
  const [state, action, pending] = useActionState<FormState, FormData>(register, {});
  const form = useRef<HTMLFormElement>(null);
  useFocusFirstError(form, state);
  const submit = useKeptFormAction(form, action, state);
  return (
    <form ref={form} action={action} onSubmit={submit} noValidate className="form">
      <FormMessage message={formLevelMessage(state, ["username", "email", "password"])} ok={state.ok} testId="register-message" />
      <input type="hidden" name="$returnTo" value={returnTo} />
      <UsernameField defaultValue={state.values?.username} errors={state.fields?.username} />
      <EmailField defaultValue={state.values?.email} errors={state.fields?.email} />
      <PasswordField
        name="password"
        label="Password"
        autoComplete="new-password"
        required
        minLength={8}
        maxLength={128}
        hint="At least 8 characters. Long passphrases are welcome."
        errors={state.fields?.password}
      />
      <button className="button" type="submit" disabled={pending} aria-disabled={pending}>
        {pending ? "Creating your account…" : "Create account"}
      </button>
    </form>
  );
}
