"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { api, ApiError } from "@/app/_components/api";
import { FormMessage } from "@/app/_components/form-message";
import { LocalTime } from "@/app/_components/local-time";
import type { WebhookDeliveryDto } from "@/lib/webhooks/dto";

/** Every attempt of one delivery (the newest ATTEMPTS_LISTED), oldest first; folded away until asked for. */
function AttemptLog({ delivery }: { delivery: WebhookDeliveryDto }) {
  const shown = delivery.attemptLog.length;
  return (
    <details className="row-meta" data-testid="attempt-log">
      <summary>
        Attempts{shown < delivery.attempts ? ` (the last ${shown} of ${delivery.attempts})` : ""}
        <span className="visually-hidden"> of delivery {delivery.id}</span>
      </summary>
      <ol className="attempt-log">
        {delivery.attemptLog.map((attempt) => (
          <li key={attempt.attempt} value={attempt.attempt} data-testid="attempt-row" className="break-anywhere">
            <LocalTime iso={attempt.at} /> · {attempt.statusCode !== undefined ? `HTTP ${attempt.statusCode}` : "no answer"} · {attempt.durationMs} ms
            {attempt.error ? ` · ${attempt.error}` : ""}
            {attempt.responseBody ? (
              <>
                {" "}
                · <code>{attempt.responseBody.slice(0, 200)}</code>
              </>
            ) : null}
          </li>
        ))}
      </ol>
    </details>
  );
}

/** The newest deliveries with their outcome and every attempt, and a retry for each. */
export function DeliveryLog({ webhookId, enabled, deliveries }: { webhookId: number; enabled: boolean; deliveries: WebhookDeliveryDto[] }) {
  const router = useRouter();
  const [message, setMessage] = useState<{ text: string; ok: boolean } | undefined>();

  async function retry(delivery: WebhookDeliveryDto) {
    try {
      await api(`/api/v1/profile/webhooks/${webhookId}/deliveries/${delivery.id}/retry`, { method: "POST" });
      setMessage({ text: "Sent again. Refresh in a moment to see the outcome.", ok: true });
      router.refresh();
    } catch (caught) {
      setMessage({ text: caught instanceof ApiError ? caught.message : "Something went wrong.", ok: false });
    }
  }

  if (deliveries.length === 0) return <p className="empty">No deliveries yet.</p>;
  return (
    <>
      <FormMessage message={message?.text} ok={message?.ok} testId="deliveries-message" />
      <ul className="rows" data-testid="delivery-list">
        {deliveries.map((delivery) => (
          <li key={delivery.id} className="row user-row" data-testid="delivery-row" data-status={delivery.status}>
            <div className="user-info">
              <span className="row-title">
                <code>{delivery.event}</code> · {delivery.status}
              </span>
              <span className="row-meta">
                <LocalTime iso={delivery.createdAt} /> · {delivery.attempts} attempt{delivery.attempts === 1 ? "" : "s"}
                {delivery.lastStatusCode !== undefined ? ` · HTTP ${delivery.lastStatusCode}` : ""}
                {delivery.lastDurationMs !== undefined ? ` · ${delivery.lastDurationMs} ms` : ""}
                {delivery.nextAttemptAt ? (
                  <>
                    {" "}
                    · next <LocalTime iso={delivery.nextAttemptAt} />
                  </>
                ) : null}
              </span>
              {delivery.lastError ? <span className="row-meta break-anywhere">{delivery.lastError}</span> : null}
              {delivery.lastResponseBody ? (
                <span className="row-meta break-anywhere">
                  <code>{delivery.lastResponseBody.slice(0, 200)}</code>
                </span>
              ) : null}
              {delivery.attemptLog.length > 0 ? <AttemptLog delivery={delivery} /> : null}
            </div>
            {enabled ? (
              <div className="row-actions">
                <button type="button" className="button secondary small" onClick={() => retry(delivery)}>
                  Retry<span className="visually-hidden"> delivery {delivery.id}</span>
                </button>
              </div>
            ) : null}
          </li>
        ))}
      </ul>
    </>
  );
}
