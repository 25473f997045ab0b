"use server";

import { refresh } from "next/cache";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { formAction, type FormContext } from "@/lib/forms/action";
import { clearWebSession, setWebSession } from "@/lib/auth/sessions/session";
import { z } from "zod";
import { changePassword, deleteAccount, updateProfile } from "@/lib/users/profile";
import { changePasswordSchema, type DeleteAccountInput, deleteAccountSchema, deleteAccountWithPasskeyFormSchema, updateProfileSchema } from "@/lib/users/schemas";
import { resendVerificationEmail } from "@/lib/users/verification";
import { unlinkIdentity } from "@/lib/auth/identities/identities";

export const saveProfile = formAction("user", updateProfileSchema, async (input, { caller, meta }) => {
  const user = await updateProfile(caller.user.id, input, meta);
  // The header shows the username and the page the address's state: re-render with the saved values.
  refresh();
  const message = user.emailVerified
    ? "Your profile was saved."
    : `Your profile was saved. We sent a link to ${user.email} to confirm it.`;
  return { ok: true, message, values: { username: user.username, email: user.email } };
});

export const sendVerificationLink = formAction("user", z.object({}), async (_input, { caller }) => {
  await resendVerificationEmail(caller.user.id);
  return { ok: true, message: `A new link is on its way to ${caller.user.email}.` };
});

export const savePassword = formAction("user", changePasswordSchema, async (input, { caller, meta }) => {
  const user = await changePassword(caller.user.id, input, meta);
  // changePassword revoked every session, this browser's too: give it a new one so it stays signed in.
  await setWebSession(user, meta);
  return { ok: true, message: "Your password was changed. Your other devices and apps were signed out." };
});

async function deleteThisAccount(input: DeleteAccountInput, { caller, meta }: FormContext<"user">) {
  // The headers name the origin a passkey's answer must come from.
  await deleteAccount(caller.user.id, input, meta, await headers());
  await clearWebSession();
  redirect("/?deleted=1");
}

export const removeAccount = formAction("user", deleteAccountSchema, deleteThisAccount);

/** The same, confirmed with a passkey (an account without a password; delete-account.tsx). */
export const removeAccountWithPasskey = formAction("user", deleteAccountWithPasskeyFormSchema, deleteThisAccount);

export const unlinkProvider = formAction("user", z.object({ identityId: z.coerce.number().int().positive() }), async (input, { caller, meta }) => {
  await unlinkIdentity(caller.user.id, input.identityId, meta);
  // The identity's row (and this form with it) goes away: the page says what happened instead.
  redirect("/profile?unlinked=1");
});
