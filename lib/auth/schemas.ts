/**
 * Request bodies of the sign-in endpoints (OpenAPI document, Auth). Unknown fields are refused
 * everywhere. Registration's schema is with the account's other rules, in lib/users/schemas.ts.
 */
import { z } from "zod";
import { presentedPasswordSchema } from "./password";

/** `login` is a username or an email address. */
export const signInInputSchema = z.strictObject({
  login: z
    .string({ error: "Enter your username or email." })
    .trim()
    .min(1, "Enter your username or email.")
    .max(100, "That is too long to be a username or email.")
    .regex(/^[^\u0000-\u001f\u007f]*$/, "That is not a username or email."),
  password: presentedPasswordSchema,
});
export type SignInInput = z.output<typeof signInInputSchema>;

const refreshTokenSchema = z.string({ error: "Send the refresh token." }).min(1, "Send the refresh token.").max(200, "That is not a refresh token.");

export const refreshInputSchema = z.strictObject({ refreshToken: refreshTokenSchema });

export const logoutInputSchema = z.strictObject({
  refreshToken: refreshTokenSchema.optional(),
  allDevices: z.boolean({ error: "allDevices must be true or false." }).optional(),
});
export type LogoutInput = z.output<typeof logoutInputSchema>;
