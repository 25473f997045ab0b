"use client";

import { startAuthentication } from "@simplewebauthn/browser";
import { startTransition, useActionState, useEffect, useRef, useState } from "react";
import { FormMessage, formLevelMessage } from "@/app/_components/form-message";
import { PasswordField } from "@/app/_components/password-field";
import { SubmitButton } from "@/app/_components/submit-button";
import { useFocusFirstError } from "@/app/_components/use-focus-first-error";
import { useKeptFormAction } from "@/app/_components/use-kept-form-action";
import { useWebAuthnSupport } from "@/app/_components/use-webauthn-support";
import type { FormState } from "@/lib/forms/action";
import { removeAccount, removeAccountWithPasskey } from "./actions";

/**
 * The confirmation of an account without a password: one of its passkeys answers a fresh challenge
 * (POST /api/v1/auth/passkey/options, as a passkey sign-in), and the answer goes with the deletion.
 */
function PasskeyConfirmation({ onCancel }: { onCancel(): void }) {
  const supported = useWebAuthnSupport();
  const [state, action, pending] = useActionState<FormState, FormData>(removeAccountWithPasskey, {});
  const [waiting, setWaiting] = useState(false);
  const [problem, setProblem] = useState<string>();

  async function confirm() {
    setWaiting(true);
    setProblem(undefined);
    try {
      const options = await fetch("/api/v1/auth/passkey/options", { method: "POST" }).catch(() => null);
      if (!options?.ok) {
        return setProblem(options?.status === 429 ? "Too many attempts. Try again in a few minutes." : "Your passkey could not be asked. Try again in a moment.");
      }
      const { options: optionsJSON, challengeId } = (await options.json()) as { options: Parameters<typeof startAuthentication>[0]["optionsJSON"]; challengeId: string };
      let response;
      try {
        response = await startAuthentication({ optionsJSON });
      } catch {
        return setProblem("No passkey was used, so nothing was deleted.");
      }
      const data = new FormData();
      data.set("challengeId", challengeId);
      data.set("response", JSON.stringify(response));
      startTransition(() => action(data));
    } finally {
      setWaiting(false);
    }
  }

  const busy = waiting || pending;
  return (
    <div className="form" data-testid="delete-with-passkey">
      <FormMessage message={problem ?? state.fields?.passkey?.[0] ?? state.message} testId="delete-message" />
      <p>Your account has no password: confirm with one of your passkeys.</p>
      <div className="actions">
        <button type="button" className="button danger" onClick={() => void confirm()} disabled={busy || supported !== true} aria-disabled={busy}>
          {busy ? "Deleting…" : "Confirm with a passkey and delete"}
        </button>
        <button type="button" className="button secondary" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
      </div>
      {supported === false ? <p className="muted">This browser cannot use passkeys. Set a password (&ldquo;Forgot password?&rdquo; on the sign-in page) to delete the account from here.</p> : null}
    </div>
  );
}

function PasswordConfirmation({ onCancel }: { onCancel(): void }) {
  const [state, action, pending] = useActionState<FormState, FormData>(removeAccount, {});
  const form = useRef<HTMLFormElement>(null);
  useFocusFirstError(form, state);
  const submit = useKeptFormAction(form, action, state);

  useEffect(() => {
    form.current?.querySelector<HTMLInputElement>("input[name='password']")?.focus();
  }, []);

  return (
    <form ref={form} action={action} onSubmit={submit} noValidate className="form">
      <FormMessage message={formLevelMessage(state, ["password"])} testId="delete-message" />
      <PasswordField name="password" label="Your password, to confirm" autoComplete="current-password" required errors={state.fields?.password} />
      <div className="actions">
        <SubmitButton pending={pending} pendingLabel="Deleting…" className="button danger">
          Delete my account
        </SubmitButton>
        <button type="button" className="button secondary" onClick={onCancel} disabled={pending}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/**
 * Deleting is two steps: open the confirmation, then confirm it with the password, or, for an
 * account without one that has passkeys, with a passkey.
 */
export function DeleteAccount({ orderCount, confirmWith }: { orderCount: number; confirmWith: "password" | "passkey" }) {
  const [confirming, setConfirming] = useState(false);
  const opener = useRef<HTMLButtonElement>(null);
  const wasConfirming = useRef(false);

  useEffect(() => {
    if (!confirming && wasConfirming.current) opener.current?.focus();
    wasConfirming.current = confirming;
  }, [confirming]);

  const orders = orderCount === 1 ? "your order" : `your ${orderCount} orders`;
  const cancel = () => setConfirming(false);
  return (
    <>
      <p>Deleting your account removes it and {orderCount === 0 ? "everything in it" : orders} for good. This cannot be undone.</p>
      {confirming ? (
        confirmWith === "passkey" ? (
          <PasskeyConfirmation onCancel={cancel} />
        ) : (
          <PasswordConfirmation onCancel={cancel} />
        )
      ) : (
        <button ref={opener} type="button" className="button danger-outline" onClick={() => setConfirming(true)}>
          Delete account…
        </button>
      )}
    </>
  );
}
