import { hashPassword } from "@/lib/auth/credentials/password";
import { consumeRegistration } from "@/lib/auth/credentials/rate-limits";
import { getDb } from "@/lib/db/client";
import type { Role } from "@/lib/db/generated/enums";
import { enqueue } from "@/lib/jobs/enqueue";
import { QUEUES } from "@/lib/jobs/queues";
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
 * admin bootstrap command, scripts/user-create.ts). No API route or form calls this. The welcome
 * e-mail's job (with the address's verification link) is created in the same transaction, so an
 * account never lacks its e-mail and a failed registration never sends one.
 */
export async function createAccount(input: RegisterInput, role: Role) {
  const db = await getDb();
  await assertAvailable(db, { username: input.username, email: input.email });
  const passwordHash = await hashPassword(input.password);
  return withUniqueFields(() =>
    db.$transaction(async (tx) => {
      const user = await tx.user.create({ data: { username: input.username, email: input.email, passwordHash, role } });
      // One e-mail, not two: the welcome carries the link that verifies the address.
      await enqueue(tx, QUEUES.sendEmail, {
        to: user.email,
        message: { template: "welcome", username: user.username },
        link: { purpose: "EMAIL_VERIFICATION", userId: user.id },
      });
      return user;
    }),
  );
}
