import type { Metadata } from "next";
import Link from "next/link";
import { ResetPasswordForm } from "./reset-password-form";

export const metadata: Metadata = { title: "Choose a new password", referrer: "no-referrer" };

/** Opened from the link in the reset e-mail (`?token=`); the token is checked when the form is sent. */
export default async function ResetPasswordPage({ searchParams }: PageProps<"/reset-password">) {
  const { token } = await searchParams;
  return (
    <main className="narrow">
      <h1>Choose a new password</h1>
      {typeof token === "string" && token ? (
        <ResetPasswordForm token={token} />
      ) : (
        <p data-testid="reset-password-missing">
          This page needs the link from the e-mail we sent you. <Link href="/forgot-password">Ask for a new link</Link>
        </p>
      )}
    </main>
  );
}
