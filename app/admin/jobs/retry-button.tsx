"use client";

import { useActionState } from "react";
import { FormMessage } from "@/app/_components/form-message";
import { SubmitButton } from "@/app/_components/submit-button";
import type { FormState } from "@/lib/forms/action";
import { retryJob } from "./actions";

export function RetryButton({ id }: { id: string }) {
  const [state, action, pending] = useActionState<FormState, FormData>(retryJob, {});
  return (
    <form action={action}>
      <input type="hidden" name="id" value={id} />
      <SubmitButton pending={pending} pendingLabel="Retrying..." className="button small">
        Retry
      </SubmitButton>
      <FormMessage message={state.message} ok={state.ok} testId={`retry-message-${id}`} />
    </form>
  );
}
