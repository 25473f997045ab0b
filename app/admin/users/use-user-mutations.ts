"use client";

import { type QueryKey, useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/app/_components/api";
import type { UserDto } from "@/lib/users/dto";
import { ADMIN_USER_COUNTS_KEY, ADMIN_USERS_KEY, type UserPages } from "./users-query";

type Role = UserDto["role"];

export interface Outcome {
  ok: boolean;
  message: string;
  /** The control that was used is gone (its row was deleted): focus should go to the message. */
  takeFocus?: boolean;
}

type Snapshot = [QueryKey, UserPages | undefined][];

/**
 * Role changes and deletions, shown at once in every cached list (optimistic) and put back as they
 * were when the server refuses (for example, the last administrator).
 */
export function useUserMutations(report: (outcome: Outcome) => void, { me, onDemotedMe }: { me: number; onDemotedMe(): void }) {
  const queryClient = useQueryClient();

  async function applyOptimistically(change: (users: UserDto[]) => UserDto[]): Promise<{ snapshot: Snapshot }> {
    await queryClient.cancelQueries({ queryKey: ADMIN_USERS_KEY });
    const snapshot = queryClient.getQueriesData<UserPages>({ queryKey: ADMIN_USERS_KEY });
    queryClient.setQueriesData<UserPages>({ queryKey: ADMIN_USERS_KEY }, (data) =>
      data && { ...data, pages: data.pages.map((page) => ({ ...page, items: change(page.items) })) },
    );
    return { snapshot };
  }

  function rollBack(context: { snapshot: Snapshot } | undefined) {
    for (const [key, data] of context?.snapshot ?? []) queryClient.setQueryData(key, data);
  }

  // The caller who made themself a customer may no longer read this list (the server answers 403):
  // nothing is read again, and the page hands over to onDemotedMe.
  const demotedMe = ({ user, role }: { user: UserDto; role: Role }) => user.id === me && role !== "ADMIN";

  const settle = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: ADMIN_USERS_KEY }),
      queryClient.invalidateQueries({ queryKey: ADMIN_USER_COUNTS_KEY }),
    ]);

  const changeRole = useMutation({
    mutationFn: ({ user, role }: { user: UserDto; role: Role }) =>
      api<{ user: UserDto }>(`/api/v1/admin/users/${user.id}`, { method: "PATCH", body: { role } }),
    onMutate: ({ user, role }) => applyOptimistically((users) => users.map((u) => (u.id === user.id ? { ...u, role } : u))),
    onError: (error, { user }, context) => {
      rollBack(context);
      report({ ok: false, message: `${user.username}'s role was not changed: ${error.message}` });
    },
    onSuccess: (_data, { user, role }) => {
      if (demotedMe({ user, role })) onDemotedMe();
      else report({ ok: true, message: `${user.username} is now ${role === "ADMIN" ? "an administrator" : "a customer"}.` });
    },
    onSettled: (_data, error, variables) => (!error && demotedMe(variables) ? undefined : settle()),
  });

  const remove = useMutation({
    mutationFn: ({ user }: { user: UserDto }) => api<void>(`/api/v1/admin/users/${user.id}`, { method: "DELETE" }),
    onMutate: ({ user }) => applyOptimistically((users) => users.filter((u) => u.id !== user.id)),
    onError: (error, { user }, context) => {
      rollBack(context);
      report({ ok: false, message: `${user.username} was not deleted: ${error.message}` });
    },
    onSuccess: (_data, { user }) => report({ ok: true, message: `${user.username} was deleted, with their orders.`, takeFocus: true }),
    onSettled: settle,
  });

  return { changeRole, remove };
}
