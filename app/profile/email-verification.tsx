"use client";

import { useActionState } from "react";
import { FormMessage } from "@/app/_components/form-message";
import { SubmitButton } from "@/app/_components/submit-button";
import type { FormState } from "@/lib/forms/action";
import { sendVerificationLink } from "./actions";

/** The address is not verified yet: say so, and offer a new link (rate-limited on the server). */
export function EmailVerification({ email }: { email: string }) {
  const [state, action, pending] = useActionState<FormState, FormData>(sendVerificationLink, {});
  return (
    <form action={action} className="form">
      <p>
        We sent a link to <strong>{email}</strong>. Open it to confirm that the address is yours. No e-mail, or the link expired?
      </p>
      <FormMessage message={state.message} ok={state.ok} testId="verification-message" />
      <SubmitButton pending={pending} pendingLabel="Sending…" className="button secondary">
        Send a new link
      </SubmitButton>
    </form>
  );
}
