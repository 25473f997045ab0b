/**
 * CORS for browser apps on other origins: off by default; CORS_ORIGINS lists the origins allowed.
 * Allowed origins may call the API with bearer tokens. Credentials (cookies) are never allowed
 * cross-origin, so there is no `Access-Control-Allow-Credentials` and never a `*`.
 */
import { getConfig } from "@/lib/env";

const ALLOWED_METHODS = "GET, POST, PATCH, DELETE";
const ALLOWED_HEADERS = "authorization, content-type";
const EXPOSED_HEADERS = "retry-after, www-authenticate";

/** The CORS headers for a response to `origin`, or none when it is not on the list. */
export function corsHeaders(origin: string | null): Record<string, string> {
  if (!origin || !getConfig().corsOrigins.includes(origin)) return { vary: "Origin" };
  return {
    "access-control-allow-origin": origin,
    "access-control-expose-headers": EXPOSED_HEADERS,
    vary: "Origin",
  };
}

/** The answer to a preflight (OPTIONS) request; without CORS headers when the origin is not allowed. */
export function preflightResponse(origin: string | null): Response {
  const headers = corsHeaders(origin);
  if (headers["access-control-allow-origin"]) {
    Object.assign(headers, {
      "access-control-allow-methods": ALLOWED_METHODS,
      "access-control-allow-headers": ALLOWED_HEADERS,
      "access-control-max-age": "600",
    });
  }
  return new Response(null, { status: 204, headers });
}
