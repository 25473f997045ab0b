/**
 * Username and email clashes as a 409 that names only the clashing field(s). Used by registration
 * and profile edits; citext makes the comparisons case-insensitive like the unique indexes.
 */
import { uniqueViolationFields } from "@/lib/db/errors";
import type { Db } from "@/lib/db/types";
import { Conflict, type FieldErrors } from "@/lib/errors";

const TAKEN = {
  username: "This username is taken.",
  email: "An account with this email already exists.",
} as const;

function conflict(fields: FieldErrors): Conflict {
  return new Conflict("An account with these details already exists.", fields);
}

/** Throws Conflict when another account (not `exceptUserId`) already uses the username or email. */
export async function assertAvailable(db: Db, wanted: { username?: string; email?: string }, exceptUserId?: number): Promise<void> {
  const or = [
    ...(wanted.username !== undefined ? [{ username: wanted.username }] : []),
    ...(wanted.email !== undefined ? [{ email: wanted.email }] : []),
  ];
  if (or.length === 0) return;
  const existing = await db.user.findMany({
    where: { OR: or, ...(exceptUserId !== undefined ? { NOT: { id: exceptUserId } } : {}) },
    select: { username: true, email: true },
  });
  const fields: FieldErrors = {};
  if (wanted.username && existing.some((u) => u.username.toLowerCase() === wanted.username!.toLowerCase())) {
    fields.username = [TAKEN.username];
  }
  if (wanted.email && existing.some((u) => u.email.toLowerCase() === wanted.email!.toLowerCase())) {
    fields.email = [TAKEN.email];
  }
  if (Object.keys(fields).length > 0) throw conflict(fields);
}

/** Runs a write, turning a unique violation that slipped past assertAvailable (a race) into the same 409. */
export async function withUniqueFields<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    const clashed = uniqueViolationFields(error);
    if (!clashed) throw error;
    const field = clashed.some((f) => f.includes("email")) ? "email" : "username";
    throw conflict({ [field]: [TAKEN[field]] });
  }
}
