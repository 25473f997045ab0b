import { hashPassword } from "@/lib/auth/password";
import { consumeRegistration } from "@/lib/auth/rate-limits";
import { getDb } from "@/lib/db/client";
import type { Role } from "@/lib/db/generated/enums";
import type { RegisterInput } from "./schemas";
import { assertAvailable, withUniqueFields } from "./uniqueness";

/**
 * Registration by anyone (the API and the registration form): counted against the client's
 * registration limit first, then created as a USER. The one place that applies the limit.
 */
export async function registerAccount(input: RegisterInput, clientIp: string) {
  await consumeRegistration(clientIp);
  return createAccount(input, "USER");
}

/**
 * Creates an account with the given role, without a rate limit: for trusted callers only (the
 * admin bootstrap command, scripts/user-create.ts). No API route or form calls this.
 */
export async function createAccount(input: RegisterInput, role: Role) {
  const db = await getDb();
  await assertAvailable(db, { username: input.username, email: input.email });
  const passwordHash = await hashPassword(input.password);
  return withUniqueFields(() => db.user.create({ data: { username: input.username, email: input.email, passwordHash, role } }));
}
