/**
 * The reference's section for other backends (Markdown, part of the OpenAPI document's description,
 * rendered by /docs/api; buildOpenApiDocument takes it from operations.ts): API keys, webhooks, and
 * how a receiver verifies a delivery in Node.
 * The event names and scopes are imported from the code that enforces them.
 */
import { API_KEY_SCOPES, SCOPE_DESCRIPTIONS } from "@/lib/api-keys/scopes";
import { WEBHOOK_EVENTS } from "@/lib/webhooks/events";

export const INTEGRATIONS_GUIDE = `## For other backends: API keys and webhooks

**API keys.** Make one on the profile's *API keys* page (or \`POST /api/v1/profile/api-keys\` with
\`{ name, scopes, expiresAt? }\`). The key (\`keel_sk_...\`) is shown once; Keel keeps only its hash.
Send it as \`Authorization: Bearer keel_sk_...\`. It acts as its owner, only within its scopes:
${API_KEY_SCOPES.map((scope) => `\`${scope}\` (${SCOPE_DESCRIPTIONS[scope].toLowerCase()})`).join(", ")}.
Each operation lists the scope it needs under its security; any other operation (profile, security, keys,
webhooks, administration) answers 403 to a key. Revoking a key (\`DELETE /api/v1/profile/api-keys/{id}\`)
stops it at once on every server. Each key has its own request budget per minute (429 with Retry-After).

**Webhooks.** Register an https endpoint (\`POST /api/v1/profile/webhooks\` with \`{ url, events }\`) for
${WEBHOOK_EVENTS.map((event) => `\`${event}\``).join(", ")}. Each delivery is a POST with the body
\`{ "type", "timestamp", "data": { "order" } }\`, signed per the [Standard Webhooks](https://www.standardwebhooks.com)
specification (\`webhook-id\`, \`webhook-timestamp\`, \`webhook-signature: v1,<base64 HMAC-SHA256>\`) with the
endpoint's \`whsec_...\` secret (shown once; rotate it with \`POST /api/v1/profile/webhooks/{id}/secret\`).
Answer 2xx within 10 seconds; anything else is retried with exponential backoff and jitter for about three
days (the same \`webhook-id\` each time: use it to ignore repeats). An endpoint that keeps failing is disabled
and its owner e-mailed; re-enable it with \`PATCH\` \`{ "enabled": true }\`. URLs must be https and must not
resolve to private, loopback or link-local addresses; redirects are not followed.

Verifying a delivery in Node (Express) with the \`standardwebhooks\` package:

\`\`\`js
import express from "express";
import { Webhook } from "standardwebhooks";

const webhook = new Webhook(process.env.KEEL_WEBHOOK_SECRET); // "whsec_..."
const app = express();

// The raw body: the signature covers the exact bytes Keel sent.
app.post("/keel-events", express.raw({ type: "application/json" }), (req, res) => {
  let event;
  try {
    event = webhook.verify(req.body, req.headers); // throws on a bad signature or an old timestamp
  } catch {
    return res.status(400).end();
  }
  // event.type: "order.paid", ...; event.data.order: the order as GET /api/v1/orders/{id} shows it.
  // Deduplicate on req.headers["webhook-id"]: a retry carries the same one.
  res.status(204).end();
});
\`\`\``;
