"use server";

import { formAction } from "@/lib/forms/action";
import { verifyEmailSchema } from "@/lib/users/schemas";
import { verifyEmail } from "@/lib/users/verification";

export const confirmAddress = formAction("public", verifyEmailSchema, async (input, { meta }) => {
  const user = await verifyEmail(input, meta);
  return { ok: true, message: `Thank you: ${user.email} is verified.` };
});
