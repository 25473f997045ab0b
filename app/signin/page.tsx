import type { Metadata } from "next";

export const metadata: Metadata = { title: "Sign in" };

export default function SignInPage() {
  return (
    <main>
      <h1>Sign in</h1>
      <p className="lead">Signing in arrives with the authentication work (issue 3).</p>
    </main>
  );
}
