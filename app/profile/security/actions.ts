"use server";

import { refresh } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { endOtherSessions, endSession } from "@/lib/security-centre/security-centre";
import {
  disableTwoFactor,
  disableTwoFactorSchema,
  enableTwoFactor,
  enableTwoFactorSchema,
  regenerateRecoveryCodes,
  regenerateRecoveryCodesSchema,
  setupTwoFactor,
  setupTwoFactorSchema,
} from "@/lib/auth/two-factor/two-factor";
import { optionalFromForm } from "@/lib/forms/values";
import { passkeyNameSchema, removePasskey, renamePasskey } from "@/lib/auth/passkeys";
import { formAction, type FormState } from "@/lib/forms/action";

/** What the two-factor forms get back besides the usual form state. */
export interface TwoFactorState extends FormState {
  /** After enabling: the recovery codes, shown this once. */
  recoveryCodes?: string[];
}

const sessionIdSchema = z.object({ sessionId: z.string().max(100) });

export const endSessionAction = formAction("user", sessionIdSchema, async (input, { caller, meta }) => {
  await endSession(caller.user.id, input.sessionId.toLowerCase(), meta);
  refresh();
  return { ok: true, message: "The session was ended. That device has to sign in again." };
});

export const endOtherSessionsAction = formAction("user", z.object({}), async (_input, { caller, meta }) => {
  const ended = await endOtherSessions(caller.user.id, caller.sessionId, meta);
  refresh();
  return { ok: true, message: ended === 1 ? "1 other session was ended." : `${ended} other sessions were ended.` };
});

export const setupTwoFactorAction = formAction("user", setupTwoFactorSchema, async (input, { caller, meta }) => {
  await setupTwoFactor(caller.user.id, input, meta);
  // A page of its own shows the key: a fresh page, so nothing below it jumps when it appears.
  redirect("/profile/security/two-factor");
});

export const enableTwoFactorAction = formAction("user", enableTwoFactorSchema, async (input, { caller, meta }) => {
  const { recoveryCodes } = await enableTwoFactor(caller.user.id, input, meta);
  // No refresh here: the page would re-render as "on" and drop the codes before they are saved.
  const state: TwoFactorState = { ok: true, message: "Two-factor authentication is on.", recoveryCodes };
  return state;
});

export const disableTwoFactorAction = formAction("user", disableTwoFactorSchema, async (input, { caller, meta }) => {
  await disableTwoFactor(caller.user.id, input, meta);
  refresh();
  return { ok: true, message: "Two-factor authentication is off." };
});

// The API's schema; a field left blank is not given (either the password or the code is enough).
const regenerateForm = z.preprocess(
  (form: Record<string, string>) => ({ password: optionalFromForm(form.password), code: optionalFromForm(form.code) }),
  regenerateRecoveryCodesSchema,
);

export const regenerateRecoveryCodesAction = formAction("user", regenerateForm, async (input, { caller, meta }) => {
  const { recoveryCodes } = await regenerateRecoveryCodes(caller.user.id, input, meta);
  // The count of unused codes and the activity list are read again; this form keeps its answer (the
  // new codes) through the refresh, as it stays where it is in the page.
  refresh();
  const state: TwoFactorState = { ok: true, message: "New recovery codes were made. The old ones no longer work.", recoveryCodes };
  return state;
});

// Passkeys are added with JavaScript (the authenticator is only reachable from the browser) through
// the API routes; renaming and removing are ordinary forms.
const passkeyIdSchema = z.coerce.number().int().positive().max(2_147_483_647);

export const renamePasskeyAction = formAction("user", z.object({ passkeyId: passkeyIdSchema, name: passkeyNameSchema }), async (input, { caller }) => {
  await renamePasskey(caller.user.id, input.passkeyId, input.name);
  refresh();
  return { ok: true, message: "The passkey was renamed." };
});

export const removePasskeyAction = formAction("user", z.object({ passkeyId: passkeyIdSchema }), async (input, { caller, meta }) => {
  await removePasskey(caller.user.id, input.passkeyId, meta);
  refresh();
  return { ok: true, message: "The passkey was removed. It cannot sign in any more." };
});
