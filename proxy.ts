/**
 * Runs before pages, and before API requests that carry an Origin header (browsers; mobile apps and
 * servers send none, so they skip this step entirely):
 * - pages: a fresh nonce per request and a strict Content-Security-Policy that only lets scripts
 *   carrying it run (Next.js reads the nonce from the request's CSP header for its own scripts);
 * - API: CORS for the origins in CORS_ORIGINS, including preflight requests.
 * The other security headers are static and set in next.config.js.
 */
import { type NextRequest, NextResponse } from "next/server";
import { corsHeaders, preflightResponse } from "@/lib/http/cors";

const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])(:\d+)?$/;

/**
 * The payment page (/orders/{id}/pay) alone may load Stripe.js and its frames, from exactly the
 * origins Stripe's CSP guide names; every other page allows none of them.
 */
const PAYMENT_PAGE = /^\/orders\/[^/]+\/pay\/?$/;
const STRIPE = {
  script: " https://js.stripe.com https://*.js.stripe.com",
  frame: "https://js.stripe.com https://*.js.stripe.com https://hooks.stripe.com",
  connect: " https://api.stripe.com",
};

function contentSecurityPolicy(nonce: string, request: NextRequest): string {
  const development = process.env.NODE_ENV !== "production";
  const overHttps = request.headers.get("x-forwarded-proto") === "https";
  const payment = PAYMENT_PAGE.test(request.nextUrl.pathname);
  return [
    "default-src 'self'",
    // 'strict-dynamic': scripts loaded by a trusted (nonced) script are trusted too.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ""}${payment ? STRIPE.script : ""}`,
    ...(payment ? [`frame-src ${STRIPE.frame}`] : []),
    // React and Next set inline style attributes; styles cannot run code.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self'${development ? " ws: wss:" : ""}${payment ? STRIPE.connect : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(overHttps && !LOOPBACK.test(request.headers.get("host") ?? "") ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

function api(request: NextRequest) {
  const origin = request.headers.get("origin");
  if (request.method === "OPTIONS") return preflightResponse(origin);
  const response = NextResponse.next();
  for (const [name, value] of Object.entries(corsHeaders(origin))) response.headers.set(name, value);
  return response;
}

function page(request: NextRequest) {
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const policy = contentSecurityPolicy(nonce, request);
  const headers = new Headers(request.headers);
  headers.set("x-nonce", nonce);
  headers.set("content-security-policy", policy);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("content-security-policy", policy);
  return response;
}

/**
 * A path with a percent-escape that is not UTF-8 (`/orders/%ff`) makes Next's router fail to decode
 * the route's parameters, which it answers with a bare 500. It names nothing: 400 here instead.
 */
function undecodable(request: NextRequest): Response | null {
  try {
    decodeURIComponent(request.nextUrl.pathname);
    return null;
  } catch {
    return request.nextUrl.pathname.startsWith("/api/")
      ? Response.json({ error: { code: "not_found", message: "There is no such API route." } }, { status: 404 })
      : new Response("Not found", { status: 404, headers: { "content-type": "text/plain; charset=utf-8" } });
  }
}

/**
 * A server action posted from another origin. Next refuses it itself, but with a 500 and an error in
 * the log (a CSRF attempt is not a fault of ours): 403 here instead. The comparison is Next's own
 * (action-handler.js): the Origin's host against X-Forwarded-Host, else Host; `Origin: null` (a
 * sandboxed frame, a data: page) is another origin too. A request without Origin is left to Next,
 * which lets it through as browsers always send one with a POST.
 */
function crossOriginAction(request: NextRequest): Response | null {
  if (request.method !== "POST") return null;
  const origin = request.headers.get("origin");
  if (origin === null) return null;
  const host = request.headers.get("x-forwarded-host")?.split(",")[0]?.trim() || request.headers.get("host");
  let originHost: string | null = null;
  try {
    originHost = origin === "null" ? null : new URL(origin).host;
  } catch {
    // Not a URL: not this origin.
  }
  if (originHost !== null && originHost === host) return null;
  return new Response("This form can only be sent from this site.", {
    status: 403,
    headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" },
  });
}

export function proxy(request: NextRequest) {
  const refused = undecodable(request);
  if (refused) return refused;
  if (!request.nextUrl.pathname.startsWith("/api/")) {
    const forbidden = crossOriginAction(request);
    if (forbidden) return forbidden;
  }
  return request.nextUrl.pathname.startsWith("/api/") ? api(request) : page(request);
}

export const config = {
  matcher: [
    { source: "/api/:path*", has: [{ type: "header", key: "origin" }] },
    // Any API path with a percent sign goes through undecodable: an escape of a byte >= 0x80 that is
    // not UTF-8 (`%ff`) and a malformed escape (`%ZZ`, a lone `%`) both make Next's router throw
    // (a bare 500). Plain API requests, the overwhelming majority, skip the proxy.
    "/api/:path(.*%.*)",
    // Every page request, prefetches included: a `missing` clause for the prefetch headers (as in
    // Next's CSP example) let any client skip these checks and headers by sending them, and
    // `Next-Router-Prefetch: 1` on `/orders/%ZZ` was a bare 500 again (issue 31).
    "/((?!api/|_next/static|_next/image|favicon.ico|robots.txt).*)",
  ],
};
