/** The rules for the fields of an account, shared by registration, profile edits and the web forms. */
import { z } from "zod";
import { linkTokenSchema } from "@/lib/links/links";
import { newPasswordSchema, presentedPasswordSchema } from "@/lib/auth/credentials/password";
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

export const deleteAccountSchema = z.strictObject({ password: presentedPasswordSchema });
export type DeleteAccountInput = z.output<typeof deleteAccountSchema>;

/** POST /api/v1/auth/password-reset and the forgot-password form. */
export const passwordResetRequestSchema = z.strictObject({ email: emailSchema });
export type PasswordResetRequestInput = z.output<typeof passwordResetRequestSchema>;

/** POST /api/v1/auth/password-reset/confirm and the reset-password form: registration's password rules. */
export const confirmPasswordResetSchema = z.strictObject({ token: linkTokenSchema, newPassword: newPasswordSchema });
export type ConfirmPasswordResetInput = z.output<typeof confirmPasswordResetSchema>;

/** POST /api/v1/auth/verify-email and the verify-email page. */
export const verifyEmailSchema = z.strictObject({ token: linkTokenSchema });
export type VerifyEmailInput = z.output<typeof verifyEmailSchema>;
