import type { Metadata } from "next";

export const metadata: Metadata = { title: "Create an account" };

export default function RegisterPage() {
  return (
    <main>
      <h1>Create an account</h1>
      <p className="lead">Registration arrives with the authentication work (issue 3).</p>
    </main>
  );
}
