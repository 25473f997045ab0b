"use client";

import { useActionState } from "react";
import { FormMessage } from "@/app/_components/form-message";
import { SubmitButton } from "@/app/_components/submit-button";
import type { FormState } from "@/lib/forms/action";
import { makeDefaultSender, removeAddress } from "./actions";

/** "Make default" and "Remove" for one address: small forms that work without JavaScript too. */
export function AddressActions({ id, isDefaultSender }: { id: number; isDefaultSender: boolean }) {
  const [defaultState, setDefault, settingDefault] = useActionState<FormState, FormData>(makeDefaultSender, {});
  const [removeState, remove, removing] = useActionState<FormState, FormData>(removeAddress, {});
  const message = removeState.message ?? defaultState.message;
  return (
    <div className="address-actions">
      <FormMessage message={message} ok={!removeState.message && defaultState.ok} testId={`address-${id}-message`} />
      {isDefaultSender ? null : (
        <form action={setDefault}>
          <input type="hidden" name="id" value={id} />
          <SubmitButton pending={settingDefault} pendingLabel="Saving…" className="button secondary small">
            Make default sender
          </SubmitButton>
        </form>
      )}
      <form action={remove}>
        <input type="hidden" name="id" value={id} />
        <SubmitButton pending={removing} pendingLabel="Removing…" className="button danger-outline small">
          Remove
        </SubmitButton>
      </form>
    </div>
  );
}
