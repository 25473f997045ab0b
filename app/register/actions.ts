"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { formAction } from "@/lib/forms/action";
import { safeReturnTo } from "@/lib/forms/return-to";
import { setWebSession } from "@/lib/auth/session";
import { clientIp } from "@/lib/client-ip";
import { registerAccount } from "@/lib/users/register";
import { registerInputSchema } from "@/lib/users/schemas";

/** Registers, signs the new user in (the same session cookie NextAuth issues) and goes on. */
export const register = formAction("public", registerInputSchema, async (input, _caller, formData) => {
  const user = await registerAccount(input, clientIp(await headers()));
  await setWebSession(user);
  redirect(safeReturnTo(formData.get("$returnTo"), "/profile"));
});
