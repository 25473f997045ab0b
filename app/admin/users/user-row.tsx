"use client";

import Link from "next/link";
import { useEffect, useRef } from "react";
import { LocalTime } from "@/app/_components/local-time";
import type { UserDto } from "@/lib/users/dto";

/** The row whose change waits for a second click: deleting anyone, or an administrator demoting themself. */
export interface Confirming {
  id: number;
  action: "delete" | "demote";
}

interface Props {
  user: UserDto;
  isMe: boolean;
  busy: boolean;
  confirming: Confirming["action"] | null;
  onToggleRole(): void;
  onAsk(action: Confirming["action"]): void;
  onCancel(): void;
  onDelete(): void;
}

export function UserRow({ user, isMe, busy, confirming, onToggleRole, onAsk, onCancel, onDelete }: Props) {
  const cancel = useRef<HTMLButtonElement>(null);
  const askDelete = useRef<HTMLButtonElement>(null);
  const askRole = useRef<HTMLButtonElement>(null);
  const wasConfirming = useRef<Confirming["action"] | null>(null);

  // Opening the confirmation lands on its safe choice; closing it returns to the button that opened it.
  useEffect(() => {
    if (confirming) cancel.current?.focus();
    else if (wasConfirming.current === "delete") askDelete.current?.focus();
    else if (wasConfirming.current === "demote") askRole.current?.focus();
    wasConfirming.current = confirming;
  }, [confirming]);

  const admin = user.role === "ADMIN";
  // Demoting yourself takes this page away from you: it is confirmed first, like a deletion.
  const demotesMe = isMe && admin;
  return (
    <li className="row user-row" data-testid="user-row" data-username={user.username}>
      <div className="user-info">
        <span className="row-title">
          {user.username}
          {isMe ? <span className="muted"> (you)</span> : null}
        </span>
        <span className="row-meta">
          {user.email} · joined <LocalTime iso={user.createdAt} kind="date" />
        </span>
      </div>
      <span className={admin ? "badge admin" : "badge"} data-testid="user-role">
        {admin ? "Administrator" : "Customer"}
      </span>
      {confirming === "delete" ? (
        <div className="row-actions confirm" role="group" aria-label={`Confirm deleting ${user.username}`}>
          <span>Delete {user.username} and their orders?</span>
          <button type="button" className="button danger small" onClick={onDelete} disabled={busy}>
            Delete<span className="visually-hidden"> {user.username}</span>
          </button>
          <button ref={cancel} type="button" className="button secondary small" onClick={onCancel}>
            Cancel
          </button>
        </div>
      ) : confirming === "demote" ? (
        <div className="row-actions confirm" role="group" aria-label="Confirm giving up your administrator role">
          <span>Stop being an administrator? You will lose access to these pages at once.</span>
          <button type="button" className="button danger small" onClick={onToggleRole} disabled={busy}>
            Make me a customer
          </button>
          <button ref={cancel} type="button" className="button secondary small" onClick={onCancel}>
            Cancel
          </button>
        </div>
      ) : (
        <div className="row-actions">
          <Link className="button secondary small" href={`/admin/orders?userId=${user.id}`}>
            Orders<span className="visually-hidden"> of {user.username}</span>
          </Link>
          <Link className="button secondary small" href={`/admin/users/${user.id}/activity`}>
            Activity<span className="visually-hidden"> of {user.username}</span>
          </Link>
          <button
            ref={askRole}
            type="button"
            className="button secondary small"
            onClick={demotesMe ? () => onAsk("demote") : onToggleRole}
            disabled={busy}
          >
            {admin ? "Make customer" : "Make admin"}
            {demotesMe ? "…" : null}
            <span className="visually-hidden"> {user.username}</span>
          </button>
          <button ref={askDelete} type="button" className="button danger-outline small" onClick={() => onAsk("delete")} disabled={busy}>
            Delete…<span className="visually-hidden"> {user.username}</span>
          </button>
        </div>
      )}
    </li>
  );
}
