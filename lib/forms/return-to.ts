/**
 * The one rule for where a browser may be sent back to after signing in, registering or signing out
 * (the sign-in and registration pages, the registration action, and NextAuth's `callbacks.redirect`).
 *
 * A return address is resolved with the WHATWG URL parser, exactly as a browser would resolve it
 * against the app's own origin; it is kept only when it lands on that same origin, and is given
 * back as path + search + hash. Checking the raw string instead (as before: "starts with / but not
 * // or /\") misses what browsers do behind the scenes: they drop tab, CR and LF anywhere in a URL
 * (`/\t/evil.example` is `//evil.example`), read `\` as `/`, and normalise full-width letters in
 * host names. The parser's output is also always percent-encoded ASCII, so a control character or
 * non-ASCII text can never reach a Location header (which Node refuses with a 500).
 */

/** Used when the caller does not know the app's origin: any origin works, only the path is kept. */
const PLACEHOLDER_ORIGIN = "http://keel.invalid";

/** Longer return addresses are not links anyone follows; they only make headers and cookies huge. */
const MAX_LENGTH = 2048;

/**
 * `value` as a same-origin path (+ search + hash), or `fallback`. `origin` is the app's own origin
 * (e.g. NextAuth's baseUrl); an absolute URL on it is accepted and made relative.
 */
export function safeReturnTo(value: unknown, fallback = "/", origin: string = PLACEHOLDER_ORIGIN): string {
  if (typeof value !== "string" || value === "" || value.length > MAX_LENGTH) return fallback;
  let base: URL;
  let resolved: URL;
  try {
    base = new URL(origin);
    resolved = new URL(value, base);
  } catch {
    return fallback;
  }
  if (resolved.origin !== base.origin || resolved.username || resolved.password) return fallback;
  const path = `${resolved.pathname}${resolved.search}${resolved.hash}`;
  // The pathname of an http(s) URL always starts with "/"; a second one would be scheme-relative.
  if (!path.startsWith("/") || path.startsWith("//") || path.length > MAX_LENGTH) return fallback;
  return path;
}
