/** The admin user list's query, shared by the server page (first page) and the client list. */
import type { InfiniteData } from "@tanstack/react-query";
import type { Page } from "@/lib/pagination";
import type { UserDto } from "@/lib/auth/dto";

export type UserPage = Page<UserDto>;

export type UserPages = InfiniteData<UserPage, string | null>;

export const USERS_PAGE_SIZE = 20;

/** Every search's list lives under this prefix, so a change can be applied to all of them at once. */
export const ADMIN_USERS_KEY = ["admin-users"] as const;

export const adminUsersQueryKey = (search: string) => [...ADMIN_USERS_KEY, search] as const;

/** The same search as the API does (trimmed; blank is no search). */
export const normalizeSearch = (value: string): string => value.trim().slice(0, 100);
