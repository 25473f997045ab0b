"use client";

import { useActionState } from "react";
import { LocalTime } from "@/app/_components/local-time";
import { FormMessage } from "@/app/_components/form-message";
import { SubmitButton } from "@/app/_components/submit-button";
import { ProviderButtons } from "@/app/signin/provider-buttons";
import type { FormState } from "@/lib/forms/action";
import { unlinkProvider } from "./actions";

export interface LinkedIdentity {
  id: number;
  providerName: string;
  email: string | null;
  createdAt: string;
}

function UnlinkButton({ identity }: { identity: LinkedIdentity }) {
  const [state, action, pending] = useActionState<FormState, FormData>(unlinkProvider, {});
  return (
    <form action={action}>
      <input type="hidden" name="identityId" value={identity.id} />
      <FormMessage message={state.ok ? undefined : state.message} testId="unlink-error" />
      <SubmitButton pending={pending} pendingLabel="Unlinking…" className="button small danger-outline">
        Unlink <span className="visually-hidden">{identity.providerName}</span>
      </SubmitButton>
    </form>
  );
}

/**
 * The ways to sign in to the account: the password (or how to set one) and the linked identity
 * providers, each with Unlink, and a Link button for every configured provider not linked yet.
 */
export function SignInMethods({
  hasPassword,
  identities,
  linkable,
  message,
}: {
  hasPassword: boolean;
  identities: LinkedIdentity[];
  linkable: { id: string; name: string }[];
  message?: { text: string; ok: boolean };
}) {
  return (
    <div>
      <FormMessage message={message?.text} ok={message?.ok} testId="identities-message" />
      <p data-testid="profile-has-password">
        {hasPassword
          ? "Password: set. You can sign in with your username or e-mail and password."
          : "Password: none. To sign in with a password as well, choose one with \u201cForgot password?\u201d on the sign-in page."}
      </p>
      {identities.length > 0 ? (
        <ul className="identity-list" data-testid="identity-list">
          {identities.map((identity) => (
            <li key={identity.id} data-testid="identity-item">
              <span>
                <strong>{identity.providerName}</strong>
                {identity.email ? ` (${identity.email})` : ""}, linked <LocalTime iso={identity.createdAt} kind="date" />
              </span>
              <UnlinkButton identity={identity} />
            </li>
          ))}
        </ul>
      ) : (
        <p>No identity provider is linked.</p>
      )}
      {linkable.length > 0 ? <ProviderButtons providers={linkable} callbackUrl="/profile?linked=1" verb="Link" /> : null}
    </div>
  );
}
