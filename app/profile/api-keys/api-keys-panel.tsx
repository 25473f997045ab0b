"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { api, ApiError } from "@/app/_components/api";
import { Field } from "@/app/_components/field";
import { FormMessage } from "@/app/_components/form-message";
import { LocalTime } from "@/app/_components/local-time";
import { SecretOnce } from "@/app/_components/secret-once";
import type { ApiKeyDto } from "@/lib/api-keys/dto";

interface Props {
  keys: ApiKeyDto[];
  scopes: { scope: string; description: string }[];
}

/** Create (the key shown once) and revoke, through the JSON API the keys themselves are for. */
export function ApiKeysPanel({ keys, scopes }: Props) {
  const router = useRouter();
  const [secret, setSecret] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [message, setMessage] = useState<string | undefined>();
  const [pending, setPending] = useState(false);

  async function create(form: HTMLFormElement) {
    const data = new FormData(form);
    const expires = String(data.get("expiresOn") ?? "");
    setPending(true);
    setError(null);
    setMessage(undefined);
    try {
      const created = await api<{ secret: string }>("/api/v1/profile/api-keys", {
        method: "POST",
        body: {
          name: String(data.get("name") ?? ""),
          scopes: data.getAll("scopes").map(String),
          // The end of the chosen day, in the browser's time zone.
          ...(expires ? { expiresAt: new Date(`${expires}T23:59:59`).toISOString() } : {}),
        },
      });
      setSecret(created.secret);
      form.reset();
      router.refresh();
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : new ApiError(0, "unknown", "Something went wrong. Try again."));
    } finally {
      setPending(false);
    }
  }

  async function revoke(key: ApiKeyDto) {
    if (!window.confirm(`Revoke "${key.name}"? Servers using it are refused from now on.`)) return;
    try {
      await api(`/api/v1/profile/api-keys/${key.id}`, { method: "DELETE" });
      setMessage(`"${key.name}" was revoked.`);
      router.refresh();
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : null);
    }
  }

  return (
    <>
      <section aria-labelledby="keys-heading" className="panel">
        <h2 id="keys-heading">Your keys</h2>
        <FormMessage message={message} ok testId="api-keys-message" />
        {keys.length === 0 ? (
          <p className="empty">No keys yet.</p>
        ) : (
          <ul className="rows" data-testid="api-key-list">
            {keys.map((key) => (
              <li key={key.id} className="row user-row" data-testid="api-key-row">
                <div className="user-info">
                  <span className="row-title">{key.name}</span>
                  <span className="row-meta break-anywhere">
                    <code>{key.prefix}…</code> · {key.scopes.join(", ")}
                  </span>
                  <span className="row-meta">
                    made <LocalTime iso={key.createdAt} kind="date" /> · {key.lastUsedAt ? <>last used <LocalTime iso={key.lastUsedAt} /></> : "never used"}
                    {key.expiresAt ? (
                      <>
                        {" "}
                        · expires <LocalTime iso={key.expiresAt} kind="date" />
                      </>
                    ) : null}
                  </span>
                </div>
                <div className="row-actions">
                  <button type="button" className="button danger-outline small" onClick={() => revoke(key)}>
                    Revoke<span className="visually-hidden"> {key.name}</span>
                  </button>
                </div>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="new-key-heading" className="panel">
        <h2 id="new-key-heading">New key</h2>
        {secret ? <SecretOnce label="Your new API key." secret={secret} testId="api-key-secret" /> : null}
        <form
          className="form"
          onSubmit={(event) => {
            event.preventDefault();
            void create(event.currentTarget);
          }}
        >
          <FormMessage message={error && !Object.keys(error.fields).length ? error.message : undefined} testId="api-key-error" />
          <Field name="name" label="Name" hint="What uses it, e.g. Warehouse sync" required maxLength={100} errors={error?.fields.name} />
          <fieldset className="choices">
            <legend>Scopes</legend>
            {scopes.map(({ scope, description }) => (
              <label key={scope}>
                <input type="checkbox" name="scopes" value={scope} defaultChecked={scope !== "orders:write"} />
                <span>
                  <code>{scope}</code> {description}
                </span>
              </label>
            ))}
            {error?.fields.scopes ? <p className="field-error">{error.fields.scopes[0]}</p> : null}
          </fieldset>
          <Field name="expiresOn" type="date" label="Expires (optional)" errors={error?.fields.expiresAt} />
          <button type="submit" className="button" disabled={pending}>
            {pending ? "Making…" : "Make key"}
          </button>
        </form>
      </section>
    </>
  );
}
