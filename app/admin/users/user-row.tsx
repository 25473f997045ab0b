"use client";

import Link from "next/link";
import { useEffect, useRef } from "react";
import { formatDate } from "@/app/_components/format";
import type { UserDto } from "@/lib/auth/dto";

interface Props {
  user: UserDto;
  isMe: boolean;
  busy: boolean;
  confirming: boolean;
  onToggleRole(): void;
  onAskDelete(): void;
  onCancelDelete(): void;
  onDelete(): void;
}

export function UserRow({ user, isMe, busy, confirming, onToggleRole, onAskDelete, onCancelDelete, onDelete }: Props) {
  const cancel = useRef<HTMLButtonElement>(null);
  const ask = useRef<HTMLButtonElement>(null);
  const wasConfirming = useRef(false);

  // Opening the confirmation lands on its safe choice; closing it returns to the button that opened it.
  useEffect(() => {
    if (confirming) cancel.current?.focus();
    else if (wasConfirming.current) ask.current?.focus();
    wasConfirming.current = confirming;
  }, [confirming]);

  const admin = user.role === "ADMIN";
  return (
    <li className="row user-row" data-testid="user-row" data-username={user.username}>
      <div className="user-info">
        <span className="row-title">
          {user.username}
          {isMe ? <span className="muted"> (you)</span> : null}
        </span>
        <span className="row-meta">
          {user.email} · joined {formatDate(user.createdAt)}
        </span>
      </div>
      <span className={admin ? "badge admin" : "badge"} data-testid="user-role">
        {admin ? "Administrator" : "Customer"}
      </span>
      {confirming ? (
        <div className="row-actions confirm" role="group" aria-label={`Confirm deleting ${user.username}`}>
          <span>Delete {user.username} and their orders?</span>
          <button type="button" className="button danger small" onClick={onDelete} disabled={busy}>
            Delete<span className="visually-hidden"> {user.username}</span>
          </button>
          <button ref={cancel} type="button" className="button secondary small" onClick={onCancelDelete}>
            Cancel
          </button>
        </div>
      ) : (
        <div className="row-actions">
          <Link className="button secondary small" href={`/admin/users/${user.id}/activity`}>
            Activity<span className="visually-hidden"> of {user.username}</span>
          </Link>
          <button type="button" className="button secondary small" onClick={onToggleRole} disabled={busy}>
            {admin ? "Make customer" : "Make admin"}
            <span className="visually-hidden"> {user.username}</span>
          </button>
          <button ref={ask} type="button" className="button danger-outline small" onClick={onAskDelete} disabled={busy}>
            Delete…<span className="visually-hidden"> {user.username}</span>
          </button>
        </div>
      )}
    </li>
  );
}
