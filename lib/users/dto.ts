/**
 * The account as the API shows it (the one user DTO: sign-in, registration, the profile and the
 * administration all map to it) and the response bodies of the account routes.
 */
import { z } from "zod";
import type { Role } from "@/lib/db/generated/enums";

/** The only shape in which a user leaves the server (the OpenAPI document's `User`). Never a database row. */
export const userSchema = z
  .strictObject({
    id: z.int().positive(),
    username: z.string().meta({ example: "ada_l" }),
    email: z.string().meta({ description: "Stored lower-cased.", example: "ada@example.com" }),
    role: z.enum(["USER", "ADMIN"]),
    createdAt: z.iso.datetime().meta({ description: "ISO 8601, UTC.", example: "2026-11-24T09:30:00.000Z" }),
    emailVerified: z.boolean().meta({
      description: "The address was confirmed through the link sent to it. False again after every change of address.",
    }),
    hasPassword: z.boolean().meta({ description: "The account can sign in with a password." }),
    twoFactorEnabled: z.boolean().meta({ description: "Signing in needs a TOTP code (or a recovery code) after the password." }),
  })
  .meta({ id: "User", description: "An account as the API shows it. Never includes password hashes." });

export type UserDto = z.output<typeof userSchema>;

/** The account fields the DTO is made of, as a row has them (selects must include them: userDtoSelect). */
export interface UserDtoSource {
  id: number;
  username: string;
  email: string;
  role: Role;
  createdAt: Date;
  emailVerifiedAt: Date | null;
  /** Only whether there is one is shown. Nullable here for accounts that sign in only through a provider. */
  passwordHash: string | null;
  twoFactorEnabledAt: Date | null;
}

/**
 * The same facts as the session statement reads them (it sends no hash, only whether there is one).
 * A second list of the same fields on purpose: the hash must never reach the session's row, so the
 * two sources differ in exactly the two fields that say so.
 */
export interface UserDtoFacts {
  id: number;
  username: string;
  email: string;
  role: Role;
  createdAt: Date;
  emailVerifiedAt: Date | null;
  hasPassword: boolean;
  twoFactorEnabled: boolean;
}

/** What a select needs for toUserDto. */
export const userDtoSelect = {
  id: true,
  username: true,
  email: true,
  role: true,
  createdAt: true,
  emailVerifiedAt: true,
  passwordHash: true,
  twoFactorEnabledAt: true,
} as const;

/** The one mapper from an account to its DTO, from a row or from the caller the session check read. */
export function toUserDto(user: UserDtoSource | UserDtoFacts): UserDto {
  return {
    id: user.id,
    username: user.username,
    email: user.email,
    role: user.role,
    createdAt: user.createdAt.toISOString(),
    emailVerified: user.emailVerifiedAt !== null,
    hasPassword: "hasPassword" in user ? user.hasPassword : user.passwordHash !== null,
    twoFactorEnabled: "twoFactorEnabled" in user ? user.twoFactorEnabled : user.twoFactorEnabledAt !== null,
  };
}


/** `{ user }`: what register, profile update and role change answer. */
export const userResponseSchema = z.strictObject({ user: userSchema }).meta({ id: "UserResponse" });

/** The signed-in user with their numbers (GET /api/v1/profile). */
export const profileSchema = z
  .strictObject({ user: userSchema, stats: z.strictObject({ orderCount: z.int().nonnegative() }) })
  .meta({ id: "Profile" });

/** `{}`: what a request answers whose work (an e-mail) happens after the response. */
export const acceptedSchema = z.strictObject({}).meta({ id: "Accepted" });
