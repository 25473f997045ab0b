"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { consumeRegistration } from "@/lib/auth/rate-limits";
import { registerInputSchema } from "@/lib/auth/schemas";
import { formAction } from "@/lib/forms/action";
import { safeReturnTo } from "@/lib/forms/return-to";
import { setWebSession } from "@/lib/forms/session-cookie";
import { clientIp } from "@/lib/http/client-ip";
import { expectedOrigin } from "@/lib/http/origin";
import { registerUser } from "@/lib/users/register";

/** Registers, signs the new user in (the same session cookie NextAuth issues) and goes on. */
export const register = formAction("public", registerInputSchema, async (input, _caller, formData) => {
  const requestHeaders = await headers();
  await consumeRegistration(clientIp(requestHeaders));
  const user = await registerUser(input);
  await setWebSession(user);
  redirect(safeReturnTo(formData.get("$returnTo"), "/profile", expectedOrigin(requestHeaders) ?? undefined));
});
