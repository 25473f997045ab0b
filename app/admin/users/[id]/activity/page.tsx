import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { formatTime } from "@/app/_components/format";
import { ActivityList } from "@/app/profile/security/activity-list";
import { requireCaller } from "@/lib/auth/current-user";
import { listAllActivity } from "@/lib/auth/security";
import { getDb } from "@/lib/db/client";
import { ValidationFailed } from "@/lib/errors";
import { pageIdParam } from "@/lib/http/params";

export const metadata: Metadata = { title: "User activity" };

const PAGE_SIZE = 50;

/** One account's activity log, for administrators (also for accounts deleted within the retention period). */
export default async function AdminUserActivityPage({ params, searchParams }: PageProps<"/admin/users/[id]/activity">) {
  const { id } = await params;
  const userId = pageIdParam(id);
  const caller = await requireCaller(`/admin/users/${userId}/activity`);
  if (caller.user.role !== "ADMIN") notFound();
  const cursorParam = (await searchParams).cursor;
  const cursor = typeof cursorParam === "string" ? cursorParam : undefined;
  const [user, page] = await Promise.all([
    (await getDb()).user.findUnique({ where: { id: userId }, select: { username: true } }),
    listAllActivity({ userId, limit: PAGE_SIZE, cursor }).catch((error) => {
      if (error instanceof ValidationFailed) return { items: [], nextCursor: null }; // a stale or edited cursor
      throw error;
    }),
  ]);
  if (!user && page.items.length === 0) notFound();
  const name = user?.username ?? `deleted account #${userId}`;
  return (
    <main>
      <p>
        <Link href="/admin/users">← All users</Link>
      </p>
      <h1>Activity of {name}</h1>
      <ActivityList items={page.items.map((item) => ({ ...item, at: formatTime(item.at) }))} />
      {page.nextCursor ? (
        <p>
          <Link href={`/admin/users/${userId}/activity?cursor=${encodeURIComponent(page.nextCursor)}`}>Older entries</Link>
        </p>
      ) : null}
    </main>
  );
}
