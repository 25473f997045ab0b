/**
 * What an API key may do. A route declares the one scope a key needs to call it (`apiKeyScope` in
 * its `route(...)` declaration, lib/http/route.ts); a route that declares none refuses keys, so a
 * new route is closed to keys until someone decides otherwise.
 */
export const API_KEY_SCOPES = ["orders:read", "orders:write", "quotes"] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

/** For the docs and the key page. */
export const SCOPE_DESCRIPTIONS: Record<ApiKeyScope, string> = {
  "orders:read": "Read your orders",
  "orders:write": "Place, update, pay, cancel orders and fetch their labels",
  quotes: "Price parcels",
};
