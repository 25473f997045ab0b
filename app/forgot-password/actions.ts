"use server";

import { describeLifetime, LINK_LIFETIME_SECONDS } from "@/lib/links/links";
import { formAction } from "@/lib/forms/action";
import { requestPasswordReset } from "@/lib/users/recovery";
import { passwordResetRequestSchema } from "@/lib/users/schemas";

/** The same answer whether or not the address has an account (no enumeration through the form either). */
export const askForResetLink = formAction("public", passwordResetRequestSchema, async (input, { meta }) => {
  await requestPasswordReset(input, meta);
  return {
    ok: true,
    message: `If an account has the address ${input.email}, an e-mail with a link to choose a new password is on its way. The link works once, for ${describeLifetime(LINK_LIFETIME_SECONDS.PASSWORD_RESET)}.`,
    values: { email: input.email },
  };
});
