"use client";

import { useRouter } from "next/navigation";
import { useActionState, useRef } from "react";
import { Field } from "@/app/_components/field";
import { FormMessage } from "@/app/_components/form-message";
import { SubmitButton } from "@/app/_components/submit-button";
import { useFocusFirstError } from "@/app/_components/use-focus-first-error";
import { disableTwoFactorAction, enableTwoFactorAction, setupTwoFactorAction, type TwoFactorState } from "./actions";

function RecoveryCodes({ codes }: { codes: string[] }) {
  const router = useRouter();
  return (
    <div className="panel" data-testid="recovery-codes">
      <p>
        <strong>Save these recovery codes now.</strong> Each one signs you in once if you lose your phone. They are not shown again.
      </p>
      <ul className="facts">
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ul>
      <button type="button" className="button" onClick={() => router.refresh()}>
        I have saved my recovery codes
      </button>
    </div>
  );
}

function Enable() {
  const [setupState, setupAction, settingUp] = useActionState<TwoFactorState, FormData>(setupTwoFactorAction, {});
  const [enableState, enableAction, enabling] = useActionState<TwoFactorState, FormData>(enableTwoFactorAction, {});
  const setupForm = useRef<HTMLFormElement>(null);
  const enableForm = useRef<HTMLFormElement>(null);
  useFocusFirstError(setupForm, setupState);
  useFocusFirstError(enableForm, enableState);
  if (enableState.recoveryCodes) {
    return (
      <>
        <FormMessage message={enableState.message} ok testId="two-factor-message" />
        <RecoveryCodes codes={enableState.recoveryCodes} />
      </>
    );
  }
  const setup = setupState.setup;
  return (
    <>
      <p>Protect your account with a code from an authenticator app, asked for after your password.</p>
      <form ref={setupForm} action={setupAction} noValidate className="form">
        <FormMessage message={setupState.ok ? undefined : setupState.message} testId="two-factor-setup-message" />
        <Field name="password" label="Password" type="password" autoComplete="current-password" required errors={setupState.fields?.password} />
        <SubmitButton pending={settingUp} pendingLabel="Preparing…" className={setup ? "button secondary" : "button"}>
          {setup ? "Start again with a new key" : "Set up two-factor authentication"}
        </SubmitButton>
      </form>
      {setup ? (
        <form ref={enableForm} action={enableAction} noValidate className="form" data-testid="two-factor-enable">
          <p>Scan this code with your authenticator app, or enter the key by hand. Then type the 6-digit code it shows.</p>
          {/* A data URL rendered on the server: no request leaves the page. */}
          {/* eslint-disable-next-line @next/next/no-img-element */}
          <img src={setup.qrCode} width={200} height={200} alt="QR code of the key for your authenticator app" />
          <p>
            Key: <code data-testid="two-factor-secret">{setup.secret}</code>
          </p>
          <FormMessage message={enableState.message} ok={enableState.ok} testId="two-factor-message" />
          <Field
            name="code"
            label="Code from the app"
            autoComplete="one-time-code"
            inputMode="numeric"
            required
            maxLength={6}
            errors={enableState.fields?.code}
          />
          <SubmitButton pending={enabling} pendingLabel="Turning on…">
            Turn on two-factor authentication
          </SubmitButton>
        </form>
      ) : null}
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
        <FormMessage message={state.message} ok={state.ok} testId="two-factor-message" />
        <Field name="password" label="Password" type="password" autoComplete="current-password" required errors={state.fields?.password} />
        <Field name="code" label="Code from the app, or a recovery code" autoComplete="one-time-code" required maxLength={32} errors={state.fields?.code} />
        <SubmitButton pending={pending} pendingLabel="Turning off…" className="button danger-outline">
          Turn off two-factor authentication
        </SubmitButton>
      </form>
    </>
  );
}

export function TwoFactorPanel({ enabled, recoveryCodesLeft }: { enabled: boolean; recoveryCodesLeft: number }) {
  return enabled ? <Disable recoveryCodesLeft={recoveryCodesLeft} /> : <Enable />;
}
