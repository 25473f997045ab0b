import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getCaller } from "@/lib/auth/sessions/current-user";
import { SignOutButton } from "./sign-out-button";

export const metadata: Metadata = { title: "Sign out" };

export default async function SignOutPage() {
  // Nothing to sign out of: a "Sign out" button here would only confuse.
  if (!(await getCaller())) redirect("/");
  return (
    <main className="narrow">
      <h1>Sign out</h1>
      <p>Signing out ends this session on the server too: a copy of its cookie stops working at once.</p>
      <SignOutButton />
    </main>
  );
}
