"use server";

import { z } from "zod";
import { readAction } from "@/lib/forms/read-action";
import { countUsers, listUsers, listUsersFilterSchema } from "@/lib/users/administration";

/**
 * One page of the admin user list, filtered by search and role. A server action rather than the API:
 * the API's query has no role filter (its contract refuses `?role=`), and the list must stay paged.
 */
export const listUsersPage = readAction("admin", listUsersFilterSchema, (filter) => listUsers(filter), "The filter is not valid.");

/** The list's heading numbers, read again after every role change or deletion. */
export const userCounts = readAction("admin", z.undefined(), () => countUsers());
