"use server";

import { headers } from "next/headers";
import { clientIp } from "@/lib/client-ip";
import { formAction } from "@/lib/forms/action";
import { verifyEmailSchema } from "@/lib/users/schemas";
import { verifyEmail } from "@/lib/users/verification";

export const confirmAddress = formAction("public", verifyEmailSchema, async (input) => {
  const user = await verifyEmail(input, clientIp(await headers()));
  return { ok: true, message: `Thank you: ${user.email} is verified.` };
});
