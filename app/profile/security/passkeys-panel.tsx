"use client";

import { startRegistration, WebAuthnError } from "@simplewebauthn/browser";
import { useRouter } from "next/navigation";
import { type FormEvent, type ReactNode, useActionState, useState } from "react";
import { FormMessage } from "@/app/_components/form-message";
import { useWebAuthnSupport } from "@/app/_components/use-webauthn-support";
import { SubmitButton } from "@/app/_components/submit-button";
import type { PasskeyDto } from "@/lib/auth/passkeys/schemas";
import type { FormState } from "@/lib/forms/action";
import { removePasskeyAction, renamePasskeyAction } from "./actions";

export type PasskeyRow = Omit<PasskeyDto, "createdAt" | "lastUsedAt"> & { createdAt: ReactNode; lastUsedAt: ReactNode | null };

/** The API's error message, or a general one. */
async function errorOf(response: Response): Promise<string> {
  const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
  return body?.error?.message ?? "Adding the passkey failed. Try again in a moment.";
}

function AddPasskey() {
  const router = useRouter();
  const supported = useWebAuthnSupport();
  const [pending, setPending] = useState(false);
  const [state, setState] = useState<FormState>({});

  async function add(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const name = String(new FormData(form).get("name") ?? "").trim();
    setPending(true);
    setState({});
    try {
      const options = await fetch("/api/v1/profile/passkeys/options", { method: "POST" });
      if (!options.ok) return setState({ message: await errorOf(options) });
      const { options: optionsJSON } = await options.json();
      const response = await startRegistration({ optionsJSON });
      const added = await fetch("/api/v1/profile/passkeys", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ response, ...(name ? { name } : {}) }),
      });
      if (!added.ok) return setState({ message: await errorOf(added) });
      form.reset();
      setState({ ok: true, message: "The passkey was added. You can sign in with it from now on." });
      router.refresh();
    } catch (error) {
      // The person cancelled, or this device already holds one of the account's passkeys.
      const message =
        error instanceof WebAuthnError && error.code === "ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED"
          ? "This device already holds a passkey for your account."
          : "No passkey was added (the request was cancelled or timed out).";
      setState({ message });
    } finally {
      setPending(false);
    }
  }

  if (supported === false) return <p className="muted">This browser cannot create passkeys.</p>;
  return (
    <form onSubmit={add} className="inline-form" data-testid="add-passkey">
      <div className="field">
        <label htmlFor="passkey-name">Name (optional)</label>
        <input id="passkey-name" name="name" maxLength={100} placeholder="e.g. Work laptop" autoComplete="off" />
      </div>
      <button className="button" type="submit" disabled={pending || supported === null} aria-disabled={pending}>
        {pending ? "Waiting for your device…" : "Add a passkey"}
      </button>
      <FormMessage message={state.message} ok={state.ok} testId="passkey-message" />
    </form>
  );
}

function PasskeyItem({ passkey }: { passkey: PasskeyRow }) {
  const [renaming, setRenaming] = useState(false);
  const [renameState, rename, renamePending] = useActionState<FormState, FormData>(async (previous, formData) => {
    const next = await renamePasskeyAction(previous, formData);
    if (next.ok) setRenaming(false);
    return next;
  }, {});
  const [removeState, remove, removePending] = useActionState<FormState, FormData>(removePasskeyAction, {});
  return (
    <li className="row user-row" data-testid="passkey-row">
      <div className="user-info">
        <span className="row-title">{passkey.name}</span>
        <span className="row-meta">
          {passkey.backedUp ? "Synced" : "This device only"} · added {passkey.createdAt} · {passkey.lastUsedAt ? <>last used {passkey.lastUsedAt}</> : "not used yet"}
        </span>
        {renaming ? (
          <form action={rename} className="inline-form">
            <input type="hidden" name="passkeyId" value={passkey.id} />
            <div className="field">
              <label htmlFor={`passkey-${passkey.id}-name`}>New name</label>
              <input id={`passkey-${passkey.id}-name`} name="name" defaultValue={passkey.name} maxLength={100} required autoFocus />
            </div>
            <SubmitButton pending={renamePending} pendingLabel="Saving…" className="button small">
              Save
            </SubmitButton>
            <button type="button" className="button secondary small" onClick={() => setRenaming(false)}>
              Cancel
            </button>
          </form>
        ) : null}
        <FormMessage message={renameState.ok ? undefined : (renameState.fields?.name?.[0] ?? renameState.message)} />
        <FormMessage message={removeState.message} ok={removeState.ok} testId="passkey-remove-message" />
      </div>
      {renaming ? null : (
        <div className="row-actions">
          <button type="button" className="button secondary small" onClick={() => setRenaming(true)}>
            Rename<span className="visually-hidden"> {passkey.name}</span>
          </button>
          <form action={remove}>
            <input type="hidden" name="passkeyId" value={passkey.id} />
            <SubmitButton pending={removePending} pendingLabel="Removing…" className="button danger-outline small">
              Remove<span className="visually-hidden"> {passkey.name}</span>
            </SubmitButton>
          </form>
        </div>
      )}
    </li>
  );
}

/** The security page's passkeys: the list (created, last used; rename, remove) and "Add a passkey". */
export function PasskeysPanel({ passkeys }: { passkeys: PasskeyRow[] }) {
  return (
    <>
      <p className="muted">Sign in with your fingerprint, face or device PIN instead of a password. Passkeys cannot be phished: they only work on this site.</p>
      {passkeys.length > 0 ? (
        <ul className="rows" data-testid="passkey-list">
          {passkeys.map((passkey) => (
            <PasskeyItem key={passkey.id} passkey={passkey} />
          ))}
        </ul>
      ) : (
        <p className="muted" data-testid="no-passkeys">
          No passkeys yet.
        </p>
      )}
      <AddPasskey />
    </>
  );
}
