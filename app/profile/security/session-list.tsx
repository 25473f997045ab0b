"use client";

import { useActionState } from "react";
import { FormMessage } from "@/app/_components/form-message";
import { SubmitButton } from "@/app/_components/submit-button";
import { LocalTime } from "@/app/_components/local-time";
import type { SessionDto } from "@/lib/security-centre/security-centre";
import type { FormState } from "@/lib/forms/action";
import { endOtherSessionsAction, endSessionAction } from "./actions";

function EndSession({ session }: { session: SessionDto }) {
  const [state, action, pending] = useActionState<FormState, FormData>(endSessionAction, {});
  return (
    <form action={action} className="row-actions">
      <input type="hidden" name="sessionId" value={session.id} />
      {state.message && !state.ok ? <FormMessage message={state.message} /> : null}
      <SubmitButton pending={pending} pendingLabel="Ending…" className="button secondary small">
        End session<span className="visually-hidden"> {session.device}</span>
      </SubmitButton>
    </form>
  );
}

export function SessionList({ sessions }: { sessions: SessionDto[] }) {
  const [state, action, pending] = useActionState<FormState, FormData>(endOtherSessionsAction, {});
  const others = sessions.filter((session) => !session.current);
  return (
    <>
      <FormMessage message={state.message} ok={state.ok} testId="sessions-message" />
      <ul className="rows" data-testid="session-list">
        {sessions.map((session) => (
          <li key={session.id} className="row user-row" data-testid="session-row" data-current={session.current ? "true" : "false"}>
            <div className="user-info">
              <span className="row-title">
                {session.device}
                {session.current ? <span className="muted"> (this browser)</span> : null}
              </span>
              <span className="row-meta">
                {session.kind === "web" ? "Browser" : "App"}
                {session.ip ? ` · ${session.ip}` : ""} · signed in <LocalTime iso={session.createdAt} /> · last seen <LocalTime iso={session.lastSeenAt} />
              </span>
            </div>
            {session.current ? null : <EndSession session={session} />}
          </li>
        ))}
      </ul>
      {others.length > 0 ? (
        <form action={action}>
          <SubmitButton pending={pending} pendingLabel="Ending…" className="button danger-outline">
            End all other sessions
          </SubmitButton>
        </form>
      ) : null}
    </>
  );
}
