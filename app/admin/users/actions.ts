"use server";

import { getCaller } from "@/lib/auth/sessions/current-user";
import type { UserDto } from "@/lib/users/dto";
import { DomainError } from "@/lib/errors";
import type { Page } from "@/lib/pagination";
import { countUsers, listUsers, listUsersFilterSchema } from "@/lib/users/administration";

/**
 * What a read action answers. Server actions can be called by anyone with any arguments (they are
 * POST endpoints), and one that throws is a bare 500: so a refusal (not an administrator any more,
 * a stale cursor, a forged filter) is an answer, and the list's query turns it into its error state.
 */
export type ReadResult<T> = { ok: true; value: T } | { ok: false; message: string };

async function asAdmin<T>(read: () => Promise<T>): Promise<ReadResult<T>> {
  const caller = await getCaller();
  if (caller?.user.role !== "ADMIN") return { ok: false, message: "Only administrators may do this." };
  try {
    return { ok: true, value: await read() };
  } catch (error) {
    if (error instanceof DomainError) return { ok: false, message: error.message };
    throw error;
  }
}

/**
 * One page of the admin user list, filtered by search and role. A server action rather than the API:
 * the API's query has no role filter (its contract refuses `?role=`), and the list must stay paged.
 */
export async function listUsersPage(filter: unknown): Promise<ReadResult<Page<UserDto>>> {
  const parsed = listUsersFilterSchema.safeParse(filter);
  if (!parsed.success) return { ok: false, message: "The filter is not valid." };
  return asAdmin(() => listUsers(parsed.data));
}

/** The list's heading numbers, read again after every role change or deletion. */
export async function userCounts(): Promise<ReadResult<{ total: number; admins: number }>> {
  return asAdmin(() => countUsers());
}
