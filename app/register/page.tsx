import type { Metadata } from "next";
import Link from "next/link";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { getCaller } from "@/lib/auth/sessions/current-user";
import { safeReturnTo } from "@/lib/forms/return-to";
import { expectedOrigin } from "@/lib/http/origin";
import { RegisterForm } from "./register-form";

export const metadata: Metadata = { title: "Create an account" };

export default async function RegisterPage({ searchParams }: PageProps<"/register">) {
  const [params, requestHeaders] = await Promise.all([searchParams, headers()]);
  const returnTo = safeReturnTo(params.callbackUrl, "/profile", expectedOrigin(requestHeaders) ?? undefined);
  if (await getCaller()) redirect(returnTo);
  return (
    <main className="narrow">
      <h1>Create an account</h1>
      <RegisterForm returnTo={typeof params.callbackUrl === "string" ? returnTo : "/welcome"} />
      <p>
        Already have an account? <Link href={`/signin?callbackUrl=${encodeURIComponent(returnTo)}`}>Sign in</Link>
      </p>
    </main>
  );
}
