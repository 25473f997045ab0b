"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { setWebSession } from "@/lib/auth/sessions/session";
import { clientIp } from "@/lib/client-ip";
import { formAction } from "@/lib/forms/action";
import { safeReturnTo } from "@/lib/forms/return-to";
import { expectedOrigin } from "@/lib/http/origin";
import { registerAccount } from "@/lib/users/register";
import { registerInputSchema } from "@/lib/users/schemas";

/** Registers, signs the new user in (the same session cookie NextAuth issues) and goes on. */
export const register = formAction("public", registerInputSchema, async (input, _caller, formData) => {
  const requestHeaders = await headers();
  const user = await registerAccount(input, clientIp(requestHeaders));
  await setWebSession(user);
  redirect(safeReturnTo(formData.get("$returnTo"), "/profile", expectedOrigin(requestHeaders) ?? undefined));
});
