"use server";

import { refresh } from "next/cache";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { formAction } from "@/lib/forms/action";
import { clearWebSession, setWebSession } from "@/lib/auth/session";
import { clientIp } from "@/lib/client-ip";
import { changePassword, deleteAccount, updateProfile } from "@/lib/users/profile";
import { changePasswordSchema, deleteAccountSchema, updateProfileSchema } from "@/lib/users/schemas";

export const saveProfile = formAction("user", updateProfileSchema, async (input, caller) => {
  const user = await updateProfile(caller.user.id, input, clientIp(await headers()));
  // The header shows the username: re-render the page and layout with the saved values.
  refresh();
  return { ok: true, message: "Your profile was saved.", values: { username: user.username, email: user.email } };
});

export const savePassword = formAction("user", changePasswordSchema, async (input, caller) => {
  const user = await changePassword(caller.user.id, input, clientIp(await headers()));
  // changePassword revoked every session, this browser's too: give it a new one so it stays signed in.
  await setWebSession(user);
  return { ok: true, message: "Your password was changed. Your other devices and apps were signed out." };
});

export const removeAccount = formAction("user", deleteAccountSchema, async (input, caller) => {
  await deleteAccount(caller.user.id, input, clientIp(await headers()));
  await clearWebSession();
  redirect("/?deleted=1");
});
