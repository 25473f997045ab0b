"use client";

import Link from "next/link";
import { useActionState, useRef } from "react";
import { Field } from "@/app/_components/field";
import { FormMessage, formLevelMessage } from "@/app/_components/form-message";
import { SubmitButton } from "@/app/_components/submit-button";
import { useFocusFirstError } from "@/app/_components/use-focus-first-error";
import { enableTwoFactorAction, type TwoFactorState } from "../actions";

/** The code that confirms the setup; then the recovery codes, shown this once. */
export function EnableForm() {
  const [state, action, pending] = useActionState<TwoFactorState, FormData>(enableTwoFactorAction, {});
  const form = useRef<HTMLFormElement>(null);
  useFocusFirstError(form, state);
  if (state.recoveryCodes) {
    return (
      <div data-testid="recovery-codes">
        <FormMessage message={state.message} ok testId="two-factor-message" />
        <p>
          <strong>Save these recovery codes now.</strong> Each one signs you in once if you lose your phone. They are not shown again.
        </p>
        <ul className="facts">
          {state.recoveryCodes.map((code) => (
            <li key={code}>
              <code>{code}</code>
            </li>
          ))}
        </ul>
        <p>
          <Link className="button" href="/profile/security">
            I have saved my recovery codes
          </Link>
        </p>
      </div>
    );
  }
  return (
    <form ref={form} action={action} noValidate className="form" data-testid="two-factor-enable">
      <FormMessage message={formLevelMessage(state, ["code"])} ok={state.ok} testId="two-factor-message" />
      <Field name="code" label="Code from the app" autoComplete="one-time-code" inputMode="numeric" required maxLength={6} errors={state.fields?.code} />
      <SubmitButton pending={pending} pendingLabel="Turning on…">
        Turn on two-factor authentication
      </SubmitButton>
    </form>
  );
}
