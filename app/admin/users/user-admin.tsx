"use client";

import { keepPreviousData, useInfiniteQuery, useMutationState } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { api } from "@/app/_components/api";
import { LoadFailed, LoadingList, LoadMoreButton } from "@/app/_components/list-states";
import { useDebouncedValue } from "@/app/_components/use-debounced-value";
import type { UserDto } from "@/lib/auth/dto";
import { type Outcome, useUserMutations } from "./use-user-mutations";
import { UserRow } from "./user-row";
import { adminUsersQueryKey, normalizeSearch, type UserPage, USERS_PAGE_SIZE } from "./users-query";

function usersUrl(search: string, cursor: string | null): string {
  const params = new URLSearchParams({ limit: String(USERS_PAGE_SIZE) });
  if (search) params.set("q", search);
  if (cursor) params.set("cursor", cursor);
  return `/api/v1/admin/users?${params}`;
}

export function UserAdmin({ me, initialSearch }: { me: number; initialSearch: string }) {
  const [typed, setTyped] = useState(initialSearch);
  const search = normalizeSearch(useDebouncedValue(typed, 300));
  const [confirming, setConfirming] = useState<number | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const notice = useRef<HTMLParagraphElement>(null);
  const { changeRole, remove } = useUserMutations(setOutcome);
  const busyIds = useMutationState({
    filters: { status: "pending" },
    select: (mutation) => (mutation.state.variables as { user?: UserDto } | undefined)?.user?.id,
  });

  const query = useInfiniteQuery({
    queryKey: adminUsersQueryKey(search),
    queryFn: ({ pageParam, signal }) => api<UserPage>(usersUrl(search, pageParam), { signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: keepPreviousData,
  });

  // The search is part of the address, so a reload or a shared link shows the same list.
  useEffect(() => {
    const url = new URL(window.location.href);
    if (search) url.searchParams.set("q", search);
    else url.searchParams.delete("q");
    window.history.replaceState(null, "", url);
  }, [search]);

  useEffect(() => {
    if (outcome?.takeFocus) notice.current?.focus();
  }, [outcome]);

  const users = query.data?.pages.flatMap((page) => page.items) ?? [];
  const searching = typed.trim() !== search || (query.isFetching && !query.isFetchingNextPage);

  return (
    <>
      <div className="field search">
        <label htmlFor="user-search">Search users</label>
        <p id="user-search-hint" className="hint">
          Part of a username or email address.
        </p>
        <input
          id="user-search"
          type="search"
          autoComplete="off"
          maxLength={100}
          aria-describedby="user-search-hint"
          value={typed}
          onChange={(event) => setTyped(event.target.value)}
        />
      </div>

      <div className="notice-area">
        {outcome ? (
          <p
            ref={notice}
            tabIndex={-1}
            className={outcome.ok ? "form-message ok" : "form-message error"}
            role={outcome.ok ? "status" : "alert"}
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
          {search ? `No user matches “${search}”.` : "There are no users."}
        </p>
      ) : (
        <ol className={searching ? "rows updating" : "rows"} aria-label="Users" aria-busy={searching} data-testid="user-list">
          {users.map((user) => (
            <UserRow
              key={user.id}
              user={user}
              isMe={user.id === me}
              busy={busyIds.includes(user.id)}
              confirming={confirming === user.id}
              onToggleRole={() => changeRole.mutate({ user, role: user.role === "ADMIN" ? "USER" : "ADMIN" })}
              onAskDelete={() => setConfirming(user.id)}
              onCancelDelete={() => setConfirming(null)}
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
