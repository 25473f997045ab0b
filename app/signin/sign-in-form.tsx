"use client";

import { browserSupportsWebAuthnAutofill, startAuthentication } from "@simplewebauthn/browser";
import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { type FormEvent, useEffect, useRef, useState } from "react";
import { Field } from "@/app/_components/field";
import { FormMessage } from "@/app/_components/form-message";
import { PasswordField } from "@/app/_components/password-field";
import { useWebAuthnSupport } from "@/app/_components/use-webauthn-support";
import { useFocusFirstError } from "@/app/_components/use-focus-first-error";
import { MFA_REQUIRED_ERROR_PREFIX, RATE_LIMITED_ERROR_PREFIX } from "@/lib/auth/web/sign-in-errors";
import { TwoFactorStep } from "./two-factor-step";


function messageFor(error: string): string {
  if (error === "CredentialsSignin") return "The username or email and password do not match an account.";
  if (error.startsWith(RATE_LIMITED_ERROR_PREFIX)) {
    const minutes = Math.max(1, Math.ceil(Number(error.slice(RATE_LIMITED_ERROR_PREFIX.length)) / 60));
    return `Too many failed attempts. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`;
  }
  return "Signing in failed. Try again in a moment.";
}

/**
 * A passkey sign-in: the options (POST /api/v1/auth/passkey/options), the authenticator's answer,
 * then NextAuth's `passkey` provider, which verifies it and starts the session. `autofill`: the
 * browser offers the passkeys in the login field's suggestions (conditional mediation) and the
 * ceremony waits, unseen, until one is picked. Resolves to an error message, or null when signed in
 * (or quietly not, for an autofill that was cancelled).
 */
async function passkeySignIn(autofill: boolean, returnTo: string): Promise<string | null | "signed-in"> {
  const options = await fetch("/api/v1/auth/passkey/options", { method: "POST" }).catch(() => null);
  if (!options?.ok) {
    if (autofill) return null;
    return options?.status === 429 ? "Too many attempts. Try again in a few minutes." : "Signing in with a passkey failed. Try again in a moment.";
  }
  const { options: optionsJSON, challengeId } = (await options.json()) as { options: Parameters<typeof startAuthentication>[0]["optionsJSON"]; challengeId: string };
  let response;
  try {
    response = await startAuthentication({ optionsJSON, useBrowserAutofill: autofill });
  } catch {
    // Cancelled, timed out, or replaced by another ceremony (the button while autofill waits).
    return autofill ? null : "No passkey was used. Try again, or sign in with your password.";
  }
  const result = await signIn("passkey", { redirect: false, callbackUrl: returnTo, challengeId, response: JSON.stringify(response) }).catch(() => undefined);
  if (result?.ok && !result.error) return "signed-in";
  return result?.error?.startsWith(RATE_LIMITED_ERROR_PREFIX)
    ? messageFor(result.error)
    : "That passkey could not be verified. It may have been removed from your account.";
}

export function SignInForm({ returnTo, mfaToken: pendingMfaToken }: { returnTo: string; mfaToken?: string }) {
  const router = useRouter();
  const form = useRef<HTMLFormElement>(null);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string>();
  // Set when the password was right and the account asks for a second factor (or an identity
  // provider's sign-in came back for the code).
  const [mfaToken, setMfaToken] = useState<string | undefined>(pendingMfaToken);
  useFocusFirstError(form, error);
  const passkeys = useWebAuthnSupport();

  function signedIn() {
    router.replace(returnTo);
    router.refresh();
  }

  async function withPasskey(autofill: boolean) {
    if (!autofill) {
      if (!passkeys) return setError("This browser cannot use passkeys. Sign in with your password.");
      setPending(true);
      setError(undefined);
    }
    const outcome = await passkeySignIn(autofill, returnTo);
    if (outcome === "signed-in") return signedIn();
    if (!autofill) setPending(false);
    if (outcome) setError(outcome);
  }

  // Passkey autofill: where the browser offers it, the login field's suggestions include the
  // account's passkeys. Started once the field is on the page (the browser looks for it).
  useEffect(() => {
    if (!passkeys || pendingMfaToken) return;
    void browserSupportsWebAuthnAutofill().then((supported) => {
      if (supported) void withPasskey(true);
    });
    // Once per page (support does not change): a second autofill ceremony would only cancel the first.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [passkeys]);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    setPending(true);
    setError(undefined);
    const result = await signIn("credentials", {
      redirect: false,
      // Not the page's own URL (NextAuth's default): after a provider's refusal it carries `?error=`,
      // which NextAuth would read back as this sign-in's error.
      callbackUrl: returnTo,
      login: String(data.get("login") ?? ""),
      password: String(data.get("password") ?? ""),
    }).catch(() => undefined);
    if (result?.ok && !result.error) return signedIn();
    setPending(false);
    if (result?.error?.startsWith(MFA_REQUIRED_ERROR_PREFIX)) {
      setMfaToken(result.error.slice(MFA_REQUIRED_ERROR_PREFIX.length));
      return;
    }
    setError(messageFor(result?.error ?? ""));
  }

  if (mfaToken) {
    return <TwoFactorStep mfaToken={mfaToken} onSignedIn={signedIn} onRestart={() => setMfaToken(undefined)} />;
  }

  return (
    <form ref={form} onSubmit={submit} noValidate className="form">
      <FormMessage message={error} testId="signin-error" />
      <Field name="login" label="Username or email" autoComplete="username webauthn" required maxLength={100} />
      <PasswordField name="password" label="Password" autoComplete="current-password" required />
      <button className="button" type="submit" disabled={pending} aria-disabled={pending}>
        {pending ? "Signing in…" : "Sign in"}
      </button>
      {/* Rendered from the start (also where passkeys turn out not to work): appearing after
          hydration would push the rest of the page down. */}
      <button className="button secondary" type="button" disabled={pending} onClick={() => void withPasskey(false)} data-testid="passkey-sign-in">
        Sign in with a passkey
      </button>
    </form>
  );
}
