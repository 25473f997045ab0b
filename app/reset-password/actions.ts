"use server";

import { redirect } from "next/navigation";
import { formAction } from "@/lib/forms/action";
import { resetPassword } from "@/lib/users/recovery";
import { confirmPasswordResetSchema } from "@/lib/users/schemas";

/** Every session ended with the reset, this browser's too: on to sign in with the new password. */
export const chooseNewPassword = formAction("public", confirmPasswordResetSchema, async (input, { meta }) => {
  await resetPassword(input, meta);
  redirect("/signin?reset=1");
});
