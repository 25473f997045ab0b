/** What the token endpoints return (OpenAPI document, Auth): the token pair and the account (lib/users/dto.ts). */
import { z } from "zod";
import { userSchema } from "@/lib/users/dto";

export const tokenResponseSchema = z
  .strictObject({
    accessToken: z.string().meta({ description: "Send as `Authorization: Bearer <accessToken>`." }),
    tokenType: z.literal("Bearer"),
    expiresIn: z.int().positive().meta({ description: "Seconds until the access token expires.", example: 900 }),
    refreshToken: z.string().meta({ description: "Single use: each refresh returns a new one. Keep it in secure storage." }),
    refreshExpiresIn: z.int().nonnegative().meta({ description: "Seconds until the refresh token expires.", example: 2592000 }),
    user: userSchema,
    deviceToken: z
      .string()
      .optional()
      .meta({ description: "Sign-in only: keep it and send it as `deviceToken` with this account's next sign-in (limits that sign-in on its own, see the README)." }),
  })
  .meta({ id: "TokenPair" });

export type TokenResponse = z.output<typeof tokenResponseSchema>;
