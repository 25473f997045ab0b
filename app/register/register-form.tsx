"use client";

import { useActionState, useRef } from "react";
import { EmailField, Field, UsernameField } from "@/app/_components/field";
import { FormMessage } from "@/app/_components/form-message";
import { useFocusFirstError } from "@/app/_components/use-focus-first-error";
import type { FormState } from "@/lib/forms/action";
import { register } from "./actions";

export function RegisterForm({ returnTo }: { returnTo: string }) {
  const [state, action, pending] = useActionState<FormState, FormData>(register, {});
  const form = useRef<HTMLFormElement>(null);
  useFocusFirstError(form, state);
  return (
    <form ref={form} action={action} noValidate className="form">
      <FormMessage message={state.message} ok={state.ok} testId="register-message" />
      <input type="hidden" name="$returnTo" value={returnTo} />
      <UsernameField defaultValue={state.values?.username} errors={state.fields?.username} />
      <EmailField defaultValue={state.values?.email} errors={state.fields?.email} />
      <Field
        name="password"
        label="Password"
        type="password"
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
