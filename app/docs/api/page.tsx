/**
 * The API reference for people: Scalar's renderer (served by the app, see lib/http/scalar-bundle.ts)
 * on the live /api/v1/openapi.json, which is generated from the operations' own schemas, with the
 * examples of lib/http/openapi-examples.ts and the token-flow guide of lib/http/openapi.ts.
 */
import type { Metadata } from "next";
import { scalarBundleUrl } from "@/lib/http/scalar-bundle";
import { ApiReference } from "./api-reference";
import styles from "./page.module.css";

export const metadata: Metadata = { title: "API reference" };

// Rendered per request: the CSP nonce (proxy.ts) is per request.
export const dynamic = "force-dynamic";

export default function ApiReferencePage() {
  return (
    // Scalar renders its own <main> (the page's main landmark); this is a plain container.
    <div className={styles.page}>
      <div className={styles.intro}>
        <h1>API reference</h1>
        <p>
          Everything a mobile app or script needs to work with Keel, starting with how to sign in and keep a session. Machine-readable:{" "}
          <a href="/api/v1/openapi.json">/api/v1/openapi.json</a> (OpenAPI 3.1).
        </p>
      </div>
      <noscript>
        <p>The interactive reference needs JavaScript; the document is at /api/v1/openapi.json.</p>
      </noscript>
      <ApiReference scriptUrl={scalarBundleUrl()} />
    </div>
  );
}
