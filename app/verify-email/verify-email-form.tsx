"use client";

import Link from "next/link";
import { useActionState } from "react";
import { FormMessage } from "@/app/_components/form-message";
import { SubmitButton } from "@/app/_components/submit-button";
import type { FormState } from "@/lib/forms/action";
import { confirmAddress } from "./actions";

export function VerifyEmailForm({ token }: { token: string }) {
  const [state, action, pending] = useActionState<FormState, FormData>(confirmAddress, {});
  if (state.ok) {
    return (
      <>
        <FormMessage message={state.message} ok testId="verify-email-message" />
        <p>
          <Link href="/profile">Go to your profile</Link>
        </p>
      </>
    );
  }
  return (
    <form action={action} className="form">
      <input type="hidden" name="token" value={token} />
      <SubmitButton pending={pending} pendingLabel="Confirming…">
        Confirm my e-mail address
      </SubmitButton>
      {/* Below the button, so that nothing above it moves when the answer arrives. */}
      <FormMessage message={state.message} testId="verify-email-message" />
      {state.message ? <p>Signed in? Your profile can send a new link.</p> : null}
    </form>
  );
}
