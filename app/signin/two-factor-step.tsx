"use client";

import { useRef, useState, type FormEvent } from "react";
import { signIn } from "next-auth/react";
import { Field } from "@/app/_components/field";
import { FormMessage } from "@/app/_components/form-message";
import { useFocusFirstError } from "@/app/_components/use-focus-first-error";
import { RATE_LIMITED_ERROR_PREFIX } from "@/lib/auth/web/sign-in-errors";

function messageFor(error: string): string {
  if (error === "CredentialsSignin") return "That code is not correct, was used already, or the sign-in has expired. Try another code, or start again.";
  if (error.startsWith(RATE_LIMITED_ERROR_PREFIX)) {
    const minutes = Math.max(1, Math.ceil(Number(error.slice(RATE_LIMITED_ERROR_PREFIX.length)) / 60));
    return `Too many failed attempts. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`;
  }
  return "Signing in failed. Try again in a moment.";
}

/**
 * The sign-in's second step, when the account has two-factor authentication on: the code from the
 * authenticator app (or a recovery code), sent with the first step's mfaToken to the `two-factor`
 * NextAuth provider.
 */
export function TwoFactorStep({ mfaToken, onSignedIn, onRestart }: { mfaToken: string; onSignedIn(): void; onRestart(): void }) {
  const form = useRef<HTMLFormElement>(null);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string>();
  useFocusFirstError(form, error);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    setPending(true);
    setError(undefined);
    const result = await signIn("two-factor", { redirect: false, mfaToken, code: String(data.get("code") ?? "") }).catch(() => undefined);
    if (result?.ok && !result.error) {
      onSignedIn();
      return;
    }
    setPending(false);
    setError(messageFor(result?.error ?? ""));
  }

  return (
    <form ref={form} onSubmit={submit} noValidate className="form" data-testid="two-factor-step">
      <p>Enter the 6-digit code from your authenticator app, or one of your recovery codes.</p>
      <FormMessage message={error} testId="signin-error" />
      <Field name="code" label="Code" autoComplete="one-time-code" required maxLength={32} autoFocus />
      <button className="button" type="submit" disabled={pending} aria-disabled={pending}>
        {pending ? "Checking…" : "Verify"}
      </button>
      <button className="button secondary" type="button" onClick={onRestart}>
        Start again
      </button>
    </form>
  );
}
