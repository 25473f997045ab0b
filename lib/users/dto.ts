/** The response bodies of the account routes, built on the user DTO (lib/auth/dto.ts). */
import { z } from "zod";
import { userSchema } from "@/lib/auth/dto";

/** `{ user }`: what register, profile update and role change answer. */
export const userResponseSchema = z.strictObject({ user: userSchema }).meta({ id: "UserResponse" });

/** The signed-in user with their numbers (GET /api/v1/profile). */
export const profileSchema = z
  .strictObject({ user: userSchema, stats: z.strictObject({ orderCount: z.int().nonnegative() }) })
  .meta({ id: "Profile" });

/** `{}`: what a request answers whose work (an e-mail) happens after the response. */
export const acceptedSchema = z.strictObject({}).meta({ id: "Accepted" });
