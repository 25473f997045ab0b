import type { Role } from "@/lib/db/generated/enums";
import { getDb } from "@/lib/db/client";
import { uniqueViolationFields } from "@/lib/db/errors";
import { Conflict, type FieldErrors } from "@/lib/errors";
import { hashPassword } from "@/lib/auth/password";
import type { RegisterInput } from "@/lib/auth/schemas";

const TAKEN: Record<"username" | "email", string> = {
  username: "This username is taken.",
  email: "An account with this email already exists.",
};

function conflict(fields: FieldErrors): Conflict {
  return new Conflict("An account with these details already exists.", fields);
}

/**
 * Creates an account. Clashes are a 409 that names only the clashing field(s). The role is USER
 * unless a trusted caller (the admin bootstrap command) says otherwise: the API never passes one.
 */
export async function registerUser(input: RegisterInput, options: { role?: Role } = {}) {
  const db = await getDb();
  // citext makes these comparisons case-insensitive, like the unique indexes.
  const existing = await db.user.findMany({
    where: { OR: [{ username: input.username }, { email: input.email }] },
    select: { username: true, email: true },
  });
  const fields: FieldErrors = {};
  if (existing.some((u) => u.username.toLowerCase() === input.username.toLowerCase())) fields.username = [TAKEN.username];
  if (existing.some((u) => u.email.toLowerCase() === input.email.toLowerCase())) fields.email = [TAKEN.email];
  if (Object.keys(fields).length > 0) throw conflict(fields);

  const passwordHash = await hashPassword(input.password);
  try {
    return await db.user.create({
      data: { username: input.username, email: input.email, passwordHash, role: options.role ?? "USER" },
    });
  } catch (error) {
    // Someone else registered the same name between the check and the insert.
    const clashed = uniqueViolationFields(error);
    if (!clashed) throw error;
    const field = clashed.some((f) => f.includes("email")) ? "email" : "username";
    throw conflict({ [field]: [TAKEN[field]] });
  }
}
