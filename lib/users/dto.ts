/** The only shape in which a user leaves the server (the OpenAPI document's `User`). Never a database row. */
import { z } from "zod";
import type { Role } from "@/lib/db/generated/enums";

export const userSchema = z
  .strictObject({
    id: z.int().positive(),
    username: z.string().meta({ example: "ada_l" }),
    email: z.string().meta({ description: "Stored lower-cased.", example: "ada@example.com" }),
    role: z.enum(["USER", "ADMIN"]),
    createdAt: z.iso.datetime().meta({ description: "ISO 8601, UTC.", example: "2026-11-24T09:30:00.000Z" }),
  })
  .meta({ id: "User", description: "An account as the API shows it. Never includes password hashes." });

export type UserDto = z.output<typeof userSchema>;

export function toUserDto(user: { id: number; username: string; email: string; role: Role; createdAt: Date }): UserDto {
  return { id: user.id, username: user.username, email: user.email, role: user.role, createdAt: user.createdAt.toISOString() };
}

/** `{ user }`: what register, profile update and role change answer. */
export const userResponseSchema = z.strictObject({ user: userSchema }).meta({ id: "UserResponse" });

/** The signed-in user with their numbers (GET /api/v1/profile). */
export const profileSchema = z
  .strictObject({ user: userSchema, stats: z.strictObject({ orderCount: z.int().nonnegative() }) })
  .meta({ id: "Profile" });
