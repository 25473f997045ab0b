"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { clientIp } from "@/lib/client-ip";
import { formAction } from "@/lib/forms/action";
import { resetPassword } from "@/lib/users/recovery";
import { confirmPasswordResetSchema } from "@/lib/users/schemas";

/** Every session ended with the reset, this browser's too: on to sign in with the new password. */
export const chooseNewPassword = formAction("public", confirmPasswordResetSchema, async (input) => {
  await resetPassword(input, clientIp(await headers()));
  redirect("/signin?reset=1");
});
