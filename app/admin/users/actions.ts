"use server";

import { getCaller } from "@/lib/auth/current-user";
import { Forbidden } from "@/lib/errors";
import type { Page } from "@/lib/pagination";
import type { UserDto } from "@/lib/auth/dto";
import { countUsers, listUsers, listUsersFilterSchema } from "@/lib/users/administration";

/**
 * One page of the admin user list, filtered by search and role. A server action rather than the API:
 * the API's query has no role filter (its contract refuses `?role=`), and the list must stay paged.
 */
export async function listUsersPage(filter: unknown): Promise<Page<UserDto>> {
  const caller = await getCaller();
  if (caller?.user.role !== "ADMIN") throw new Forbidden("Only administrators may do this.");
  return listUsers(listUsersFilterSchema.parse(filter));
}

/** The list's heading numbers, read again after every role change or deletion. */
export async function userCounts(): Promise<{ total: number; admins: number }> {
  const caller = await getCaller();
  if (caller?.user.role !== "ADMIN") throw new Forbidden("Only administrators may do this.");
  return countUsers();
}
