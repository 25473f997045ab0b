/**
 * The external identity providers this server offers, from the configuration (lib/env.ts): their
 * NextAuth ids and button labels. A provider without its variables is not listed, so it gets no
 * button and NextAuth does not know it.
 */
import "server-only";
import { getConfig } from "@/lib/env";

export type IdentityProviderId = "oidc" | "github" | "google";

export interface OfferedProvider {
  id: IdentityProviderId;
  name: string;
}

/** The providers a browser can sign in with (the web sign-in needs a client secret for each). */
export function webProviders(): OfferedProvider[] {
  const { oidc, github, google } = getConfig().identityProviders;
  return [
    ...(oidc?.clientId && oidc.clientSecret ? [{ id: "oidc" as const, name: oidc.name }] : []),
    ...(github ? [{ id: "github" as const, name: "GitHub" }] : []),
    ...(google ? [{ id: "google" as const, name: "Google" }] : []),
  ];
}

/** The label people know a provider by ("GitHub", OIDC_NAME), for pages and e-mails. */
export function providerName(id: string): string {
  if (id === "oidc") return getConfig().identityProviders.oidc?.name ?? "OpenID Connect";
  if (id === "github") return "GitHub";
  if (id === "google") return "Google";
  return id;
}
