"use client";

import { useState } from "react";

/**
 * A secret shown this once (an API key, a webhook's signing secret): readable, selectable on a
 * phone, and copied with one tap. Nothing keeps it: leaving the page loses it, as it should.
 */
export function SecretOnce({ label, secret, testId }: { label: string; secret: string; testId: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="hint-box secret-once" role="status">
      <p>
        <strong>{label}</strong> It is shown only now: copy it and keep it somewhere safe.
      </p>
      <input className="secret-value" readOnly value={secret} aria-label={label} data-testid={testId} onFocus={(event) => event.currentTarget.select()} />
      <button
        type="button"
        className="button secondary small"
        onClick={async () => {
          await navigator.clipboard?.writeText(secret).catch(() => undefined);
          setCopied(true);
        }}
      >
        {copied ? "Copied" : "Copy"}
      </button>
    </div>
  );
}
