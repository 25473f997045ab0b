import { dehydrate, HydrationBoundary, QueryClient } from "@tanstack/react-query";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requireCaller } from "@/lib/auth/current-user";
import { listUsers } from "@/lib/users/administration";
import { UserAdmin } from "./user-admin";
import { adminUsersQueryKey, normalizeSearch, USERS_PAGE_SIZE } from "./users-query";

export const metadata: Metadata = { title: "Users" };

export default async function AdminUsersPage({ searchParams }: PageProps<"/admin/users">) {
  const caller = await requireCaller("/admin/users");
  // Not an administrator: this page does not exist for them (the API answers 403 on its own).
  if (caller.user.role !== "ADMIN") notFound();
  const q = (await searchParams).q;
  const search = normalizeSearch(typeof q === "string" ? q : "");
  const queryClient = new QueryClient();
  queryClient.setQueryData(adminUsersQueryKey(search), {
    pages: [await listUsers({ limit: USERS_PAGE_SIZE, q: search || undefined })],
    pageParams: [null],
  });
  return (
    <main>
      <h1>Users</h1>
      <HydrationBoundary state={dehydrate(queryClient)}>
        <UserAdmin me={caller.user.id} initialSearch={search} />
      </HydrationBoundary>
    </main>
  );
}
