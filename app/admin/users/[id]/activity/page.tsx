import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { LocalTime } from "@/app/_components/local-time";
import { ActivityList } from "@/app/profile/security/activity-list";
import { requirePageAccess } from "@/lib/auth/sessions/current-user";
import { listAllActivity } from "@/lib/security-centre/security-centre";
import { countPasskeys } from "@/lib/auth/passkeys";
import { getDb } from "@/lib/db/client";
import { ValidationFailed } from "@/lib/errors";
import { pageIdParam, parseIdParam } from "@/lib/http/params";

// Named by the account's id only: the title is rendered before the page's admin check.
export async function generateMetadata({ params }: PageProps<"/admin/users/[id]/activity">): Promise<Metadata> {
  const id = parseIdParam((await params).id);
  return { title: id === null ? "User activity" : `Activity of user #${id}` };
}

const PAGE_SIZE = 50;

/** One account's activity log, for administrators (also for accounts deleted within the retention period). */
export default async function AdminUserActivityPage({ params, searchParams }: PageProps<"/admin/users/[id]/activity">) {
  const { id } = await params;
  const userId = pageIdParam(id);
  await requirePageAccess("admin", `/admin/users/${userId}/activity`);
  const cursorParam = (await searchParams).cursor;
  const cursor = typeof cursorParam === "string" ? cursorParam : undefined;
  const [user, page, passkeys] = await Promise.all([
    (await getDb()).user.findUnique({ where: { id: userId }, select: { username: true } }),
    listAllActivity({ userId, limit: PAGE_SIZE, cursor }).catch((error) => {
      if (error instanceof ValidationFailed) return { items: [], nextCursor: null }; // a stale or edited cursor
      throw error;
    }),
    countPasskeys(userId),
  ]);
  if (!user && page.items.length === 0) notFound();
  const name = user?.username ?? `deleted account #${userId}`;
  return (
    <main>
      <p>
        <Link href="/admin/users">← All users</Link>
      </p>
      <h1>Activity of {name}</h1>
      {user ? (
        <p data-testid="admin-passkey-count">
          {passkeys === 1 ? "1 passkey" : `${passkeys} passkeys`} can sign in to this account.
        </p>
      ) : null}
      <ActivityList items={page.items.map((item) => ({ ...item, at: <LocalTime iso={item.at} /> }))} />
      {page.nextCursor ? (
        <p>
          <Link href={`/admin/users/${userId}/activity?cursor=${encodeURIComponent(page.nextCursor)}`}>Older entries</Link>
        </p>
      ) : null}
    </main>
  );
}
