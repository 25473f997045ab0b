import type { RegisterInput } from "@/lib/auth/schemas";
import { hashPassword } from "@/lib/auth/password";
import { getDb } from "@/lib/db/client";
import type { Role } from "@/lib/db/generated/enums";
import { assertAvailable, withUniqueFields } from "./uniqueness";

/**
 * Creates an account. The role is USER unless a trusted caller (the admin bootstrap command) says
 * otherwise: no API route ever passes one.
 */
export async function registerUser(input: RegisterInput, options: { role?: Role } = {}) {
  const db = await getDb();
  await assertAvailable(db, { username: input.username, email: input.email });
  const passwordHash = await hashPassword(input.password);
  return withUniqueFields(() =>
    db.user.create({ data: { username: input.username, email: input.email, passwordHash, role: options.role ?? "USER" } }),
  );
}
