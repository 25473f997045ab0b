import type { Metadata } from "next";
import Link from "next/link";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { getCaller } from "@/lib/auth/current-user";
import { safeReturnTo } from "@/lib/forms/return-to";
import { expectedOrigin } from "@/lib/http/origin";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: PageProps<"/signin">) {
  const [params, requestHeaders] = await Promise.all([searchParams, headers()]);
  const returnTo = safeReturnTo(params.callbackUrl, "/profile", expectedOrigin(requestHeaders) ?? undefined);
  if (await getCaller()) redirect(returnTo);
  return (
    <main className="narrow">
      <h1>Sign in</h1>
      {params.reset === "1" ? (
        <p className="form-message ok" role="status" data-testid="signin-reset">
          Your password was changed and every device was signed out. Sign in with your new password.
        </p>
      ) : null}
      <SignInForm returnTo={returnTo} />
      <p>
        <Link href="/forgot-password">Forgot password?</Link>
      </p>
      <p>
        New here? <Link href={`/register?callbackUrl=${encodeURIComponent(returnTo)}`}>Create an account</Link>
      </p>
    </main>
  );
}
