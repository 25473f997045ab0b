"use client";

import Link from "next/link";
import { type ReactNode, useActionState, useRef } from "react";
import { Field } from "@/app/_components/field";
import { FormMessage, formLevelMessage } from "@/app/_components/form-message";
import { SubmitButton } from "@/app/_components/submit-button";
import { useFocusFirstError } from "@/app/_components/use-focus-first-error";
import { enableTwoFactorAction, type TwoFactorState } from "../actions";
import { RecoveryCodes } from "../recovery-codes";

/**
 * The setup's two steps: the key (`keySection`, rendered on the server: the QR code and the secret)
 * and the code that confirms it. Once a code turns two-factor authentication on, the key leaves the
 * screen (anyone who sees it could make codes) and the recovery codes take its place, shown this once.
 */
export function EnableForm({ keySection }: { keySection: ReactNode }) {
  const [state, action, pending] = useActionState<TwoFactorState, FormData>(enableTwoFactorAction, {});
  const form = useRef<HTMLFormElement>(null);
  useFocusFirstError(form, state);
  if (state.recoveryCodes) {
    return (
      <section className="panel" aria-labelledby="codes-heading">
        <h2 id="codes-heading">Your recovery codes</h2>
        <FormMessage message={state.message} ok testId="two-factor-message" />
        <RecoveryCodes codes={state.recoveryCodes} />
        <p>
          <Link className="button" href="/profile/security">
            I have saved my recovery codes
          </Link>
        </p>
      </section>
    );
  }
  return (
    <>
      {keySection}
      <section className="panel" aria-labelledby="code-heading">
        <h2 id="code-heading">2. Enter the code it shows</h2>
        <form ref={form} action={action} noValidate className="form" data-testid="two-factor-enable">
          <FormMessage message={formLevelMessage(state, ["code"])} ok={state.ok} testId="two-factor-message" />
          <Field name="code" label="Code from the app" autoComplete="one-time-code" inputMode="numeric" required maxLength={6} errors={state.fields?.code} />
          <SubmitButton pending={pending} pendingLabel="Turning on…">
            Turn on two-factor authentication
          </SubmitButton>
        </form>
      </section>
    </>
  );
}
