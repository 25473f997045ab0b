"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { setWebSession } from "@/lib/auth/sessions/session";
import { formAction } from "@/lib/forms/action";
import { safeReturnTo } from "@/lib/forms/return-to";
import { expectedOrigin } from "@/lib/http/origin";
import { registerAccount } from "@/lib/users/register";
import { registerInputSchema } from "@/lib/users/schemas";

/** Registers, signs the new user in (the same session cookie NextAuth issues) and goes on. */
export const register = formAction("public", registerInputSchema, async (input, { formData, meta }) => {
  const requestHeaders = await headers();
  const user = await registerAccount(input, meta);
  await setWebSession(user, meta);
  redirect(safeReturnTo(formData.get("$returnTo"), "/profile", expectedOrigin(requestHeaders) ?? undefined));
});
