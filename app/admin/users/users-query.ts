/** The admin user list's query, shared by the server page (first page) and the client list. */
import type { InfiniteData } from "@tanstack/react-query";
import type { Page } from "@/lib/pagination";
import type { UserDto } from "@/lib/users/dto";

export type UserPage = Page<UserDto>;

export type UserPages = InfiniteData<UserPage, string | null>;

export type RoleFilter = UserDto["role"] | "";

export const USERS_PAGE_SIZE = 20;

/** Every search's list lives under this prefix, so a change can be applied to all of them at once. */
export const ADMIN_USERS_KEY = ["admin-users"] as const;

export const adminUsersQueryKey = (search: string, role: RoleFilter) => [...ADMIN_USERS_KEY, search, role] as const;

/** The heading's counts (total, administrators): a query of their own, outside the lists' prefix. */
export const ADMIN_USER_COUNTS_KEY = ["admin-user-counts"] as const;

/** The same search as the API does (trimmed; blank is no search). */
export const normalizeSearch = (value: string): string => value.trim().slice(0, 100);

/** `?role=` as the page reads it: anything but a known role is no filter. */
export const roleFilterOf = (value: unknown): RoleFilter => (value === "ADMIN" || value === "USER" ? value : "");

/** The filter as listUsers takes it (blank parts left out). */
export const usersFilter = (search: string, role: RoleFilter, cursor: string | null) => ({
  limit: USERS_PAGE_SIZE,
  ...(search ? { q: search } : {}),
  ...(role ? { role } : {}),
  ...(cursor ? { cursor } : {}),
});
