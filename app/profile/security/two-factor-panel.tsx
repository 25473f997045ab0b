"use client";

import { useActionState, useRef } from "react";
import { Field } from "@/app/_components/field";
import { FormMessage, formLevelMessage } from "@/app/_components/form-message";
import { PasswordField } from "@/app/_components/password-field";
import { SubmitButton } from "@/app/_components/submit-button";
import { useFocusFirstError } from "@/app/_components/use-focus-first-error";
import { disableTwoFactorAction, regenerateRecoveryCodesAction, setupTwoFactorAction, type TwoFactorState } from "./actions";
import { RecoveryCodes } from "./recovery-codes";

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

/**
 * New recovery codes in place of the old ones, after the password or a current code from the app
 * (accounts without a password use the code). The new codes are shown this once, with copy and
 * download; the old ones stop working at once.
 */
function Regenerate({ hasPassword }: { hasPassword: boolean }) {
  const [state, action, pending] = useActionState<TwoFactorState, FormData>(regenerateRecoveryCodesAction, {});
  const form = useRef<HTMLFormElement>(null);
  useFocusFirstError(form, state);
  return (
    <section aria-labelledby="recovery-codes-heading" data-testid="regenerate-recovery-codes">
      <h3 id="recovery-codes-heading">New recovery codes</h3>
      {state.recoveryCodes ? (
        <>
          <FormMessage message={state.message} ok testId="regenerate-message" />
          <RecoveryCodes codes={state.recoveryCodes} />
        </>
      ) : (
        <>
          <p>Lost them, or used most of them? Make ten new ones: the old ones stop working at once.</p>
          <form ref={form} action={action} noValidate className="form">
            <FormMessage message={formLevelMessage(state, hasPassword ? ["password", "code"] : ["code"])} ok={state.ok} testId="regenerate-message" />
            {hasPassword ? (
              <PasswordField id="regenerate-password" name="password" label="Password" autoComplete="current-password" errors={state.fields?.password} />
            ) : null}
            <Field
              id="regenerate-code"
              name="code"
              label={hasPassword ? "Or a code from your authenticator app" : "Code from your authenticator app"}
              autoComplete="one-time-code"
              inputMode="numeric"
              maxLength={32}
              errors={state.fields?.code}
            />
            <SubmitButton pending={pending} pendingLabel="Making new codes…" className="button secondary">
              Make new recovery codes
            </SubmitButton>
          </form>
        </>
      )}
    </section>
  );
}

export function TwoFactorPanel({ enabled, recoveryCodesLeft, hasPassword }: { enabled: boolean; recoveryCodesLeft: number; hasPassword: boolean }) {
  return enabled ? (
    <>
      <Disable recoveryCodesLeft={recoveryCodesLeft} />
      <Regenerate hasPassword={hasPassword} />
    </>
  ) : (
    <Setup />
  );
}
