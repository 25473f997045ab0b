"use server";

import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { consumeRegistration } from "@/lib/auth/rate-limits";
import { registerInputSchema } from "@/lib/auth/schemas";
import { webSessionCookie } from "@/lib/auth/web-session";
import { formAction } from "@/lib/forms/action";
import { safeReturnTo } from "@/lib/forms/return-to";
import { clientIp } from "@/lib/http/client-ip";
import { secureCookiesFor } from "@/lib/http/origin";
import { registerUser } from "@/lib/users/register";

/** Registers, signs the new user in (the same session cookie NextAuth issues) and goes on. */
export const register = formAction("public", registerInputSchema, async (input, _caller, formData) => {
  const requestHeaders = await headers();
  await consumeRegistration(clientIp(requestHeaders));
  const user = await registerUser(input);
  const cookie = await webSessionCookie(user, secureCookiesFor(requestHeaders));
  (await cookies()).set(cookie.name, cookie.value, cookie.options);
  redirect(safeReturnTo(formData.get("$returnTo"), "/profile"));
});
