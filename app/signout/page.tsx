import type { Metadata } from "next";
import { SignOutButton } from "./sign-out-button";

export const metadata: Metadata = { title: "Sign out" };

export default function SignOutPage() {
  return (
    <main className="narrow">
      <h1>Sign out</h1>
      <p>Signing out ends this session on the server too: a copy of its cookie stops working at once.</p>
      <SignOutButton />
    </main>
  );
}
