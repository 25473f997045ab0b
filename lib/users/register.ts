import type { RegisterInput } from "@/lib/auth/schemas";
import { hashPassword } from "@/lib/auth/password";
import { getDb } from "@/lib/db/client";
import type { Role } from "@/lib/db/generated/enums";
import { enqueue } from "@/lib/jobs/enqueue";
import { QUEUES } from "@/lib/jobs/queues";
import { assertAvailable, withUniqueFields } from "./uniqueness";

/**
 * Creates an account and, in the same transaction, the job that sends the welcome e-mail (so an
 * account never lacks its e-mail, and a failed registration never sends one). The role is USER unless a trusted caller (the admin bootstrap command) says
 * otherwise: no API route ever passes one.
 */
export async function registerUser(input: RegisterInput, options: { role?: Role } = {}) {
  const db = await getDb();
  await assertAvailable(db, { username: input.username, email: input.email });
  const passwordHash = await hashPassword(input.password);
  return withUniqueFields(() =>
    db.$transaction(async (tx) => {
      const user = await tx.user.create({
        data: { username: input.username, email: input.email, passwordHash, role: options.role ?? "USER" },
      });
      await enqueue(tx, QUEUES.sendEmail, { to: user.email, message: { template: "welcome", username: user.username } });
      return user;
    }),
  );
}
