"use client";

import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { type FormEvent, useRef, useState } from "react";
import { Field } from "@/app/_components/field";
import { FormMessage } from "@/app/_components/form-message";
import { PasswordField } from "@/app/_components/password-field";
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

export function SignInForm({ returnTo, mfaToken: pendingMfaToken }: { returnTo: string; mfaToken?: string }) {
  const router = useRouter();
  const form = useRef<HTMLFormElement>(null);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string>();
  // Set when the password was right and the account asks for a second factor (or an identity
  // provider's sign-in came back for the code).
  const [mfaToken, setMfaToken] = useState<string | undefined>(pendingMfaToken);
  useFocusFirstError(form, error);

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
    if (result?.ok && !result.error) {
      router.replace(returnTo);
      router.refresh();
      return;
    }
    setPending(false);
    if (result?.error?.startsWith(MFA_REQUIRED_ERROR_PREFIX)) {
      setMfaToken(result.error.slice(MFA_REQUIRED_ERROR_PREFIX.length));
      return;
    }
    setError(messageFor(result?.error ?? ""));
  }

  if (mfaToken) {
    const signedIn = () => {
      router.replace(returnTo);
      router.refresh();
    };
    return <TwoFactorStep mfaToken={mfaToken} onSignedIn={signedIn} onRestart={() => setMfaToken(undefined)} />;
  }

  return (
    <form ref={form} onSubmit={submit} noValidate className="form">
      <FormMessage message={error} testId="signin-error" />
      <Field name="login" label="Username or email" autoComplete="username" required maxLength={100} />
      <PasswordField name="password" label="Password" autoComplete="current-password" required />
      <button className="button" type="submit" disabled={pending} aria-disabled={pending}>
        {pending ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}
