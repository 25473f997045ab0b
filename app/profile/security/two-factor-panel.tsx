"use client";

import { useActionState, useRef } from "react";
import { Field } from "@/app/_components/field";
import { FormMessage, formLevelMessage } from "@/app/_components/form-message";
import { PasswordField } from "@/app/_components/password-field";
import { SubmitButton } from "@/app/_components/submit-button";
import { useFocusFirstError } from "@/app/_components/use-focus-first-error";
import { disableTwoFactorAction, setupTwoFactorAction, type TwoFactorState } from "./actions";

function Setup() {
  const [state, action, pending] = useActionState<TwoFactorState, FormData>(setupTwoFactorAction, {});
  const form = useRef<HTMLFormElement>(null);
  useFocusFirstError(form, state);
  return (
    <>
      <p>Protect your account with a code from an authenticator app, asked for after your password.</p>
      <form ref={form} action={action} noValidate className="form">
        <FormMessage message={formLevelMessage(state, ["password"])} ok={state.ok} testId="two-factor-setup-message" />
        <PasswordField name="password" label="Password" autoComplete="current-password" required errors={state.fields?.password} />
        <SubmitButton pending={pending} pendingLabel="Preparing…">
          Set up two-factor authentication
        </SubmitButton>
      </form>
    </>
  );
}

function Disable({ recoveryCodesLeft }: { recoveryCodesLeft: number }) {
  const [state, action, pending] = useActionState<TwoFactorState, FormData>(disableTwoFactorAction, {});
  const form = useRef<HTMLFormElement>(null);
  useFocusFirstError(form, state);
  return (
    <>
      <p data-testid="two-factor-on">
        Two-factor authentication is <strong>on</strong>. You have {recoveryCodesLeft} unused recovery code{recoveryCodesLeft === 1 ? "" : "s"}.
      </p>
      <form ref={form} action={action} noValidate className="form">
        <FormMessage message={formLevelMessage(state, ["password", "code"])} ok={state.ok} testId="two-factor-message" />
        <PasswordField name="password" label="Password" autoComplete="current-password" required errors={state.fields?.password} />
        <Field name="code" label="Code from the app, or a recovery code" autoComplete="one-time-code" required maxLength={32} errors={state.fields?.code} />
        <SubmitButton pending={pending} pendingLabel="Turning off…" className="button danger-outline">
          Turn off two-factor authentication
        </SubmitButton>
      </form>
    </>
  );
}

export function TwoFactorPanel({ enabled, recoveryCodesLeft }: { enabled: boolean; recoveryCodesLeft: number }) {
  return enabled ? <Disable recoveryCodesLeft={recoveryCodesLeft} /> : <Setup />;
}
