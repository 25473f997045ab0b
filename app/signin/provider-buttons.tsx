"use client";

import { signIn } from "next-auth/react";
import { useState } from "react";

export interface ProviderButton {
  id: string;
  name: string;
}

/**
 * One button per configured identity provider. NextAuth's signIn posts to /api/auth/signin/<id>
 * (with its CSRF token) and sends the browser to the provider; the provider sends it back to
 * /api/auth/callback/<id>. Used on the sign-in page (sign in) and on the profile (link).
 */
export function ProviderButtons({ providers, callbackUrl, verb }: { providers: ProviderButton[]; callbackUrl: string; verb: "Continue with" | "Link" }) {
  const [pending, setPending] = useState<string>();
  if (providers.length === 0) return null;
  return (
    <div className="provider-buttons">
      {providers.map((provider) => (
        <button
          key={provider.id}
          type="button"
          className="button secondary"
          data-testid={`provider-${provider.id}`}
          disabled={pending !== undefined}
          aria-disabled={pending !== undefined}
          onClick={() => {
            setPending(provider.id);
            void signIn(provider.id, { callbackUrl }).catch(() => setPending(undefined));
          }}
        >
          {pending === provider.id ? "Redirecting…" : `${verb} ${provider.name}`}
        </button>
      ))}
    </div>
  );
}
