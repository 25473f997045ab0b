/**
 * Same-origin checks for cookie-authenticated API calls (CSRF). A browser always sends `Origin` on
 * cross-site and same-site state-changing requests; it must be the app's own origin (APP_URL, or the
 * request's Host when APP_URL is unset). Bearer-token calls need no such check: a browser never
 * attaches a bearer token on its own.
 */
import { getConfig } from "@/lib/env";

const first = (value: string | null) => value?.split(",")[0]?.trim() || null;

/** The origin this request was addressed to, as the browser sees it. */
export function expectedOrigin(headers: Headers): string | null {
  const config = getConfig();
  if (config.appUrl) return config.appUrl;
  const host = (config.trustProxy > 0 ? first(headers.get("x-forwarded-host")) : null) ?? headers.get("host");
  const proto = first(headers.get("x-forwarded-proto")) === "https" ? "https" : "http";
  return host ? `${proto}://${host}` : null;
}

export function isSameOrigin(headers: Headers): boolean {
  const origin = headers.get("origin");
  if (origin) return origin === expectedOrigin(headers);
  // No Origin header: only trust the browser's own statement that the request is same-origin.
  return headers.get("sec-fetch-site") === "same-origin";
}

const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])(:\d+)?$/;

/**
 * Session cookies are `Secure` (and `__Secure-` prefixed) in production, except when the production
 * build is tried on this machine over plain http://localhost.
 */
export function secureCookiesFor(headers: Headers): boolean {
  if (!getConfig().production) return false;
  const origin = expectedOrigin(headers);
  if (!origin) return true;
  const url = new URL(origin);
  return !(url.protocol === "http:" && LOOPBACK.test(url.host));
}
