import type { Metadata } from "next";
import Link from "next/link";
import { VerifyEmailForm } from "./verify-email-form";

export const metadata: Metadata = { title: "Confirm your e-mail address", referrer: "no-referrer" };

/**
 * Opened from the verification link (`?token=`). Opening the page verifies nothing: the address is
 * confirmed only when the person presses the button (a POST). Mail scanners and link previewers
 * fetch every link in an e-mail with GET; if GET verified, every address would be "verified"
 * without its owner doing anything, and the link would be spent before they clicked it.
 */
export default async function VerifyEmailPage({ searchParams }: PageProps<"/verify-email">) {
  const { token } = await searchParams;
  return (
    <main className="narrow">
      <h1>Confirm your e-mail address</h1>
      {typeof token === "string" && token ? (
        <>
          <p>Press the button to confirm that this address belongs to your Keel account.</p>
          <VerifyEmailForm token={token} />
        </>
      ) : (
        <p data-testid="verify-email-missing">
          This page needs the link from the e-mail we sent you. Signed in? <Link href="/profile">Your profile</Link> can send a new one.
        </p>
      )}
    </main>
  );
}
