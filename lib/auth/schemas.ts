/**
 * Request bodies of the sign-in endpoints (OpenAPI document, Auth). Unknown fields are refused
 * everywhere. Registration's schema is with the account's other rules, in lib/users/schemas.ts.
 */
import { z } from "zod";
import { presentedPasswordSchema } from "@/lib/auth/credentials/password";

/** A device token (device-tokens.ts) is a few hundred characters; anything longer is not one. */
export const MAX_DEVICE_TOKEN_LENGTH = 1024;

/** `login` is a username or an email address. */
export const signInInputSchema = z.strictObject({
  login: z
    .string({ error: "Enter your username or email." })
    .trim()
    .min(1, "Enter your username or email.")
    .max(100, "That is too long to be a username or email.")
    .regex(/^[^\u0000-\u001f\u007f]*$/, "That is not a username or email."),
  password: presentedPasswordSchema,
  deviceToken: z
    .string({ error: "The device token must be text." })
    .max(MAX_DEVICE_TOKEN_LENGTH, "That is not a device token.")
    .optional()
    .meta({ description: "The `deviceToken` of this app's last successful sign-in to this account, if any: its attempts are then limited on their own, so guesses by others cannot lock it out." }),
});
export type SignInInput = z.output<typeof signInInputSchema>;

const refreshTokenSchema = z.string({ error: "Send the refresh token." }).min(1, "Send the refresh token.").max(200, "That is not a refresh token.");

export const refreshInputSchema = z.strictObject({ refreshToken: refreshTokenSchema });

export const logoutInputSchema = z.strictObject({
  refreshToken: refreshTokenSchema.optional(),
  allDevices: z.boolean({ error: "allDevices must be true or false." }).optional(),
});
export type LogoutInput = z.output<typeof logoutInputSchema>;
