import { dehydrate, HydrationBoundary, QueryClient } from "@tanstack/react-query";
import type { Metadata } from "next";
import { requirePageAccess } from "@/lib/auth/sessions/current-user";
import { countUsers, listUsers } from "@/lib/users/administration";
import { UserAdmin } from "./user-admin";
import { ADMIN_USER_COUNTS_KEY, adminUsersQueryKey, normalizeSearch, roleFilterOf, usersFilter } from "./users-query";

export const metadata: Metadata = { title: "Users" };

export default async function AdminUsersPage({ searchParams }: PageProps<"/admin/users">) {
  const caller = await requirePageAccess("admin", "/admin/users");
  const params = await searchParams;
  const search = normalizeSearch(typeof params.q === "string" ? params.q : "");
  const role = roleFilterOf(params.role);
  const queryClient = new QueryClient();
  const [first, counts] = await Promise.all([listUsers(usersFilter(search, role, null)), countUsers()]);
  queryClient.setQueryData(adminUsersQueryKey(search, role), { pages: [first], pageParams: [null] });
  queryClient.setQueryData(ADMIN_USER_COUNTS_KEY, counts);
  return (
    <main>
      <h1>Users</h1>
      <HydrationBoundary state={dehydrate(queryClient)}>
        <UserAdmin me={caller.user.id} initialSearch={search} initialRole={role} />
      </HydrationBoundary>
    </main>
  );
}
