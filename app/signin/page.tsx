import type { Metadata } from "next";
import Link from "next/link";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { getCaller } from "@/lib/auth/sessions/current-user";
import { providerName, webProviders } from "@/lib/auth/identities/providers";
import { safeReturnTo } from "@/lib/forms/return-to";
import { expectedOrigin } from "@/lib/http/origin";
import { ProviderButtons } from "./provider-buttons";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

/** Why a sign-in through an identity provider did not happen (the redirects of lib/auth/web/nextauth.ts and NextAuth's own errors). */
function providerError(error: string | undefined, provider: string | undefined): string | null {
  if (!error || error === "CredentialsSignin") return null;
  const name = provider ? providerName(provider) : "the provider";
  switch (error) {
    case "IdentityEmailTaken":
      return `An account with the e-mail address of your ${name} account already exists. Sign in to it below with your password, then link ${name} on your profile page. (Accounts are never linked by e-mail address alone, so that nobody can take over an account through a provider.)`;
    case "IdentityLinkedElsewhere":
      return `This ${name} account is linked to another Keel account.`;
    case "IdentityWithoutEmail":
      return `${name} did not share an e-mail address, which a Keel account needs. Create an account with a password instead.`;
    default:
      return "Signing in with the provider did not work. Try again, or sign in with your password.";
  }
}

export default async function SignInPage({ searchParams }: PageProps<"/signin">) {
  const [params, requestHeaders] = await Promise.all([searchParams, headers()]);
  const returnTo = safeReturnTo(params.callbackUrl, "/profile", expectedOrigin(requestHeaders) ?? undefined);
  if (await getCaller()) redirect(returnTo);
  const error = providerError(typeof params.error === "string" ? params.error : undefined, typeof params.provider === "string" ? params.provider : undefined);
  const providers = webProviders();
  // An identity provider's sign-in to an account with 2FA on comes back here for the code (lib/auth/web/nextauth.ts).
  const mfaToken = typeof params.mfa === "string" && /^[A-Za-z0-9_-]{20,200}$/.test(params.mfa) ? params.mfa : undefined;
  return (
    <main className="narrow">
      <h1>Sign in</h1>
      {params.reset === "1" ? (
        <p className="form-message ok" role="status" data-testid="signin-reset">
          Your password was changed and every device was signed out. Sign in with your new password.
        </p>
      ) : null}
      {error ? (
        <p className="form-message error" role="alert" data-testid="signin-provider-error">
          {error}
        </p>
      ) : null}
      <SignInForm returnTo={returnTo} mfaToken={mfaToken} />
      {providers.length > 0 ? (
        <section aria-labelledby="providers-heading" className="providers">
          <h2 id="providers-heading">Or sign in with</h2>
          <ProviderButtons providers={providers} callbackUrl={returnTo} verb="Continue with" />
        </section>
      ) : null}
      <p>
        <Link href="/forgot-password">Forgot password?</Link>
      </p>
      <p>
        New here? <Link href={`/register?callbackUrl=${encodeURIComponent(returnTo)}`}>Create an account</Link>
      </p>
    </main>
  );
}
