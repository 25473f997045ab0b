"use client";

import { useState } from "react";

/**
 * Recovery codes shown this once (after turning two-factor authentication on, or making new ones):
 * listed, copied with one press, or saved as a text file. Nothing keeps them: leaving the page loses
 * them, as it should (the server has only their hashes).
 */
export function RecoveryCodes({ codes }: { codes: readonly string[] }) {
  const [copied, setCopied] = useState<"yes" | "failed" | null>(null);
  const text = ["Keel recovery codes", "Each one signs in once instead of a code from the authenticator app.", "", ...codes, ""].join("\n");
  // A data: URL, not a blob: one made in an effect: the link works from the first render, and nothing
  // has to be revoked. The page's CSP governs what loads, not what is downloaded.
  const href = `data:text/plain;charset=utf-8,${encodeURIComponent(text)}`;
  return (
    <div data-testid="recovery-codes">
      <p>
        <strong>Save these recovery codes now.</strong> Each one signs you in once if you lose your phone. They are not shown again.
      </p>
      <ul className="facts recovery-code-list" aria-label="Recovery codes">
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ul>
      <p className="actions">
        <button
          type="button"
          className="button secondary"
          onClick={async () => {
            try {
              await navigator.clipboard.writeText(codes.join("\n"));
              setCopied("yes");
            } catch {
              setCopied("failed");
            }
          }}
        >
          Copy the codes
        </button>{" "}
        <a className="button secondary" href={href} download="keel-recovery-codes.txt" data-testid="download-recovery-codes">
          Download as a text file
        </a>
      </p>
      <p role="status" className="hint" data-testid="recovery-codes-copied">
        {copied === "yes" ? "Copied. Paste them into your password manager or a file you keep safe." : copied === "failed" ? "The browser did not allow copying: select the codes above, or download them." : ""}
      </p>
    </div>
  );
}
