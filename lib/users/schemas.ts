/** The rules for the fields of an account, shared by registration, profile edits and the web forms. */
import { z } from "zod";
import { linkTokenSchema } from "@/lib/links/links";
import { newPasswordSchema, presentedPasswordSchema } from "@/lib/auth/credentials/password";
import { passkeyAssertionSchema } from "@/lib/auth/passkeys/schemas";
import { RESEMBLES_ACCOUNT_MESSAGE, resemblesAccount } from "./password-resemblance";

const USERNAME_PATTERN = /^[A-Za-z0-9_.-]+$/;
export const USERNAME_MIN_LENGTH = 3;
export const USERNAME_MAX_LENGTH = 50;
export const EMAIL_MAX_LENGTH = 100;

export const usernameSchema = z
  .string({ error: "Enter a username." })
  .trim()
  .min(USERNAME_MIN_LENGTH, `Use at least ${USERNAME_MIN_LENGTH} characters.`)
  .max(USERNAME_MAX_LENGTH, `Use at most ${USERNAME_MAX_LENGTH} characters.`)
  .regex(USERNAME_PATTERN, "Use only letters, digits, '_', '.' and '-'.");

/** Stored lower-cased (OpenAPI document); uniqueness is case-insensitive in the database as well. */
export const emailSchema = z
  .string({ error: "Enter an email address." })
  .trim()
  .max(EMAIL_MAX_LENGTH, `Use at most ${EMAIL_MAX_LENGTH} characters.`)
  .toLowerCase()
  .pipe(z.email("Enter a valid email address."))
  // The document describes the input side of the pipe (a trimmed string), which has no format.
  .meta({ format: "email" });

/** POST /api/v1/auth/register and the registration form. */
export const registerInputSchema = z
  .strictObject({ username: usernameSchema, email: emailSchema, password: newPasswordSchema })
  .superRefine((input, ctx) => {
    if (resemblesAccount(input.password, input)) {
      ctx.addIssue({ code: "custom", path: ["password"], message: RESEMBLES_ACCOUNT_MESSAGE });
    }
  });
export type RegisterInput = z.output<typeof registerInputSchema>;

/** PATCH /api/v1/profile: only these two fields can change; role, id and the rest are refused. */
export const updateProfileSchema = z
  .strictObject({ username: usernameSchema.optional(), email: emailSchema.optional() })
  .refine((input) => input.username !== undefined || input.email !== undefined, {
    message: "Send a new username, a new email, or both.",
  });
export type UpdateProfileInput = z.output<typeof updateProfileSchema>;

export const changePasswordSchema = z
  .strictObject({
    currentPassword: presentedPasswordSchema,
    newPassword: newPasswordSchema,
  })
  .refine((input) => input.currentPassword.normalize("NFKC") !== input.newPassword, {
    path: ["newPassword"],
    message: "Choose a password different from the current one.",
  });
export type ChangePasswordInput = z.output<typeof changePasswordSchema>;

/**
 * Deleting the account is confirmed with the password, or with a fresh passkey answer: an account
 * that signs in with passkeys only has no password to give (lib/auth/passkeys/reauthenticate.ts).
 */
export const deleteAccountSchema = z
  .strictObject({
    password: presentedPasswordSchema.optional(),
    passkey: passkeyAssertionSchema.optional(),
  })
  .superRefine((input, ctx) => {
    // Neither: the password is what most accounts have, so that is the field asked for.
    if (input.password === undefined && input.passkey === undefined) ctx.addIssue({ code: "custom", path: ["password"], message: "Enter your password." });
    if (input.password !== undefined && input.passkey !== undefined) ctx.addIssue({ code: "custom", path: ["passkey"], message: "Send the password or a passkey's answer, not both." });
  });
export type DeleteAccountInput = z.output<typeof deleteAccountSchema>;

/**
 * The web's deletion confirmed with a passkey: a form carries text, so the authenticator's answer
 * comes as JSON in `response` (what startAuthentication() returned), then checked as the API's is.
 */
export const deleteAccountWithPasskeyFormSchema = z
  .object({
    challengeId: z.string({ error: "Confirm with your passkey." }),
    response: z.string({ error: "Confirm with your passkey." }).max(100_000, "Too long."),
  })
  .transform(({ challengeId, response }, ctx): z.input<typeof deleteAccountSchema> => {
    try {
      return { passkey: { challengeId, response: JSON.parse(response) } };
    } catch {
      ctx.addIssue({ code: "custom", path: ["passkey"], message: "That is not a passkey's answer." });
      return z.NEVER;
    }
  })
  .pipe(deleteAccountSchema);

/** POST /api/v1/auth/password-reset and the forgot-password form. */
export const passwordResetRequestSchema = z.strictObject({ email: emailSchema });
export type PasswordResetRequestInput = z.output<typeof passwordResetRequestSchema>;

/** POST /api/v1/auth/password-reset/confirm and the reset-password form: registration's password rules. */
export const confirmPasswordResetSchema = z.strictObject({ token: linkTokenSchema, newPassword: newPasswordSchema });
export type ConfirmPasswordResetInput = z.output<typeof confirmPasswordResetSchema>;

/** POST /api/v1/auth/verify-email and the verify-email page. */
export const verifyEmailSchema = z.strictObject({ token: linkTokenSchema });
export type VerifyEmailInput = z.output<typeof verifyEmailSchema>;
