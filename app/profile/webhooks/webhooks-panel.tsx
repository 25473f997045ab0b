"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { api, ApiError } from "@/app/_components/api";
import { Field } from "@/app/_components/field";
import { FormMessage } from "@/app/_components/form-message";
import { LocalTime } from "@/app/_components/local-time";
import { SecretOnce } from "@/app/_components/secret-once";
import type { WebhookDto } from "@/lib/webhooks/dto";

const failure = (caught: unknown) => (caught instanceof ApiError ? caught : new ApiError(0, "unknown", "Something went wrong. Try again."));

/** Add endpoints (the secret shown once), turn them off and on, rotate the secret, remove them. */
export function WebhooksPanel({ webhooks, events }: { webhooks: WebhookDto[]; events: string[] }) {
  const router = useRouter();
  const [secret, setSecret] = useState<{ label: string; value: string } | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [message, setMessage] = useState<string | undefined>();
  const [pending, setPending] = useState(false);

  async function run(action: () => Promise<void>) {
    setError(null);
    setMessage(undefined);
    try {
      await action();
      router.refresh();
    } catch (caught) {
      setError(failure(caught));
    }
  }

  async function add(form: HTMLFormElement) {
    const data = new FormData(form);
    setPending(true);
    await run(async () => {
      const created = await api<{ secret: string }>("/api/v1/profile/webhooks", {
        method: "POST",
        body: { url: String(data.get("url") ?? ""), events: data.getAll("events").map(String) },
      });
      setSecret({ label: "The new webhook's signing secret.", value: created.secret });
      form.reset();
    });
    setPending(false);
  }

  return (
    <>
      <section aria-labelledby="webhooks-heading" className="panel">
        <h2 id="webhooks-heading">Your webhooks</h2>
        <FormMessage message={message} ok testId="webhooks-message" />
        {secret ? <SecretOnce label={secret.label} secret={secret.value} testId="webhook-secret" /> : null}
        {webhooks.length === 0 ? (
          <p className="empty">No webhooks yet.</p>
        ) : (
          <ul className="rows" data-testid="webhook-list">
            {webhooks.map((webhook) => (
              <li key={webhook.id} className="row user-row" data-testid="webhook-row">
                <div className="user-info">
                  <span className="row-title break-anywhere">{webhook.url}</span>
                  <span className="row-meta">
                    {webhook.enabled ? "On" : "Off"} · {webhook.events.join(", ")} · added <LocalTime iso={webhook.createdAt} kind="date" />
                  </span>
                </div>
                <div className="row-actions">
                  <Link className="button secondary small" href={`/profile/webhooks/${webhook.id}`}>
                    Deliveries
                  </Link>
                  <button
                    type="button"
                    className="button secondary small"
                    onClick={() =>
                      run(async () => {
                        await api(`/api/v1/profile/webhooks/${webhook.id}`, { method: "PATCH", body: { enabled: !webhook.enabled } });
                        setMessage(webhook.enabled ? "The webhook is off." : "The webhook is on.");
                      })
                    }
                  >
                    {webhook.enabled ? "Turn off" : "Turn on"}
                  </button>
                  <button
                    type="button"
                    className="button secondary small"
                    onClick={() =>
                      run(async () => {
                        if (!window.confirm("Replace the signing secret? The old one stops working at once.")) return;
                        const rotated = await api<{ secret: string }>(`/api/v1/profile/webhooks/${webhook.id}/secret`, { method: "POST" });
                        setSecret({ label: "The webhook's new signing secret.", value: rotated.secret });
                      })
                    }
                  >
                    Rotate secret
                  </button>
                  <button
                    type="button"
                    className="button danger-outline small"
                    onClick={() =>
                      run(async () => {
                        if (!window.confirm(`Remove the webhook for ${webhook.url}?`)) return;
                        await api(`/api/v1/profile/webhooks/${webhook.id}`, { method: "DELETE" });
                        setMessage("The webhook was removed.");
                      })
                    }
                  >
                    Remove
                  </button>
                </div>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="new-webhook-heading" className="panel">
        <h2 id="new-webhook-heading">New webhook</h2>
        <form
          className="form"
          onSubmit={(event) => {
            event.preventDefault();
            void add(event.currentTarget);
          }}
        >
          <FormMessage message={error && !Object.keys(error.fields).length ? error.message : undefined} testId="webhook-error" />
          <Field name="url" type="url" label="URL" hint="https only, e.g. https://shop.example.com/keel-events" required maxLength={2000} errors={error?.fields.url} />
          <fieldset className="choices">
            <legend>Events</legend>
            {events.map((event) => (
              <label key={event}>
                <input type="checkbox" name="events" value={event} defaultChecked />
                <code>{event}</code>
              </label>
            ))}
            {error?.fields.events ? <p className="field-error">{error.fields.events[0]}</p> : null}
          </fieldset>
          <button type="submit" className="button" disabled={pending}>
            {pending ? "Adding…" : "Add webhook"}
          </button>
        </form>
      </section>
    </>
  );
}
