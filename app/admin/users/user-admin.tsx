"use client";

import { keepPreviousData, useInfiniteQuery, useMutationState, useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { LoadFailed, LoadingList, LoadMoreButton } from "@/app/_components/list-states";
import { useDebouncedValue } from "@/app/_components/use-debounced-value";
import type { UserDto } from "@/lib/users/dto";
import type { ReadResult } from "@/lib/forms/read-action";
import { listUsersPage, userCounts } from "./actions";
import { type Outcome, useUserMutations } from "./use-user-mutations";
import { type Confirming, UserRow } from "./user-row";
import { ADMIN_USER_COUNTS_KEY, adminUsersQueryKey, normalizeSearch, type RoleFilter, roleFilterOf, usersFilter } from "./users-query";

/** A refused read is the query's error state (its message is shown), not a thrown server action. */
function valueOf<T>(result: ReadResult<T>): T {
  if (!result.ok) throw new Error(result.message);
  return result.value;
}

/**
 * Whether the person has just clicked a link that leaves for another page. The search writes itself
 * into the address 300 ms after the last keystroke (history.replaceState, which Next's router takes
 * as a navigation of its own): if that happens while the link's page is still loading, the router
 * keeps the later one and the click is lost. So a link click stops the address updates until the
 * person types or picks a filter again (a link to this same page, or a navigation that fails, leaves
 * them here with a working page).
 */
function useLeavingByLink() {
  const leaving = useRef(false);
  useEffect(() => {
    const onClick = (event: MouseEvent) => {
      // A new tab or window, a download: this page stays.
      if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      const link = event.target instanceof Element ? event.target.closest("a[href]") : null;
      if (link && !link.hasAttribute("download") && (link.getAttribute("target") ?? "_self") === "_self") leaving.current = true;
    };
    document.addEventListener("click", onClick, true);
    return () => document.removeEventListener("click", onClick, true);
  }, []);
  return leaving;
}

/** How long a confirmation stays before it clears itself (errors stay until the next action). */
const SUCCESS_VISIBLE_MS = 6000;

const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

export function UserAdmin({ me, initialSearch, initialRole }: { me: number; initialSearch: string; initialRole: RoleFilter }) {
  const router = useRouter();
  const [typed, setTyped] = useState(initialSearch);
  const [role, setRole] = useState<RoleFilter>(initialRole);
  const search = normalizeSearch(useDebouncedValue(typed, 300));
  const [confirming, setConfirming] = useState<Confirming | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const notice = useRef<HTMLParagraphElement>(null);
  const searchField = useRef<HTMLInputElement>(null);
  const leavingRef = useLeavingByLink();
  const { changeRole, remove } = useUserMutations(setOutcome, {
    me,
    // No longer an administrator: nothing on this page is theirs to use any more (the server
    // already refuses it). Off to the home page, and the refresh renders the header again
    // without the admin links (a navigation alone keeps the layout it has).
    onDemotedMe: () => {
      router.replace("/");
      router.refresh();
    },
  });
  const busyIds = useMutationState({
    filters: { status: "pending" },
    select: (mutation) => (mutation.state.variables as { user?: UserDto } | undefined)?.user?.id,
  });

  const query = useInfiniteQuery({
    queryKey: adminUsersQueryKey(search, role),
    queryFn: async ({ pageParam }) => valueOf(await listUsersPage(usersFilter(search, role, pageParam))),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: keepPreviousData,
  });
  // Filled in by the server page; read again after each change (someone's role or a deletion).
  const counts = useQuery({ queryKey: ADMIN_USER_COUNTS_KEY, queryFn: async () => valueOf(await userCounts()) });

  // The search and the role filter are part of the address, so a reload or a shared link shows the same list.
  useEffect(() => {
    if (leavingRef.current) return;
    const url = new URL(window.location.href);
    if (search) url.searchParams.set("q", search);
    else url.searchParams.delete("q");
    if (role) url.searchParams.set("role", role);
    else url.searchParams.delete("role");
    window.history.replaceState(null, "", url);
  }, [search, role, leavingRef]);

  useEffect(() => {
    if (outcome?.takeFocus) notice.current?.focus();
    if (!outcome?.ok) return;
    // A confirmation has said what it had to; it goes after a while. Its box keeps its height
    // (.notice-area), so nothing below moves. Focus on it (after a deletion) goes to the search.
    const timer = setTimeout(() => {
      if (document.activeElement === notice.current) searchField.current?.focus();
      setOutcome(null);
    }, SUCCESS_VISIBLE_MS);
    return () => clearTimeout(timer);
  }, [outcome]);

  const users = query.data?.pages.flatMap((page) => page.items) ?? [];
  const searching = typed.trim() !== search || (query.isFetching && !query.isFetchingNextPage);

  function changeRoleOf(user: UserDto) {
    setConfirming(null);
    changeRole.mutate({ user, role: user.role === "ADMIN" ? "USER" : "ADMIN" });
  }

  return (
    <>
      <p className="lead counts" data-testid="user-counts">
        {counts.data ? `${plural(counts.data.total, "account", "accounts")}, ${plural(counts.data.admins, "administrator", "administrators")}.` : " "}
      </p>
      <div className="inline-form user-filters" role="search" aria-label="Filter users">
        <div className="field search">
          <label htmlFor="user-search">Search users</label>
          <p id="user-search-hint" className="hint">
            Part of a username or email address.
          </p>
          <input
            ref={searchField}
            id="user-search"
            type="search"
            autoComplete="off"
            maxLength={100}
            aria-describedby="user-search-hint"
            value={typed}
            onChange={(event) => {
              leavingRef.current = false;
              setTyped(event.target.value);
            }}
          />
        </div>
        <div className="field">
          <label htmlFor="user-role-filter">Role</label>
          <select
            id="user-role-filter"
            value={role}
            onChange={(event) => {
              leavingRef.current = false;
              setRole(roleFilterOf(event.target.value));
            }}
          >
            <option value="">Everyone</option>
            <option value="ADMIN">Administrators</option>
            <option value="USER">Customers</option>
          </select>
        </div>
      </div>

      {/* Always in the page, so screen readers announce what is put into it; errors interrupt (alert). */}
      <div className="notice-area" aria-live="polite">
        {outcome ? (
          <p
            ref={notice}
            tabIndex={-1}
            className={outcome.ok ? "form-message ok" : "form-message error"}
            role={outcome.ok ? undefined : "alert"}
            data-testid="admin-notice"
          >
            {outcome.message}
          </p>
        ) : null}
      </div>

      {query.isPending ? (
        <LoadingList label="Loading users" />
      ) : query.isError && users.length === 0 ? (
        <LoadFailed what="The users" error={query.error} onRetry={() => query.refetch()} testId="users-error" />
      ) : users.length === 0 ? (
        <p className="empty" data-testid="users-empty">
          {search ? `No user matches “${search}”.` : role ? "No user has this role." : "There are no users."}
        </p>
      ) : (
        <ol className={searching ? "rows updating" : "rows"} aria-label="Users" aria-busy={searching} data-testid="user-list">
          {users.map((user) => (
            <UserRow
              key={user.id}
              user={user}
              isMe={user.id === me}
              busy={busyIds.includes(user.id)}
              confirming={confirming?.id === user.id ? confirming.action : null}
              onToggleRole={() => changeRoleOf(user)}
              onAsk={(action) => setConfirming({ id: user.id, action })}
              onCancel={() => setConfirming(null)}
              onDelete={() => {
                setConfirming(null);
                remove.mutate({ user });
              }}
            />
          ))}
        </ol>
      )}

      {query.hasNextPage ? (
        <LoadMoreButton label="Load more users" loading={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()} />
      ) : null}
    </>
  );
}
