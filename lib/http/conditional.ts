/**
 * Conditional GETs for public, cacheable JSON (the tracking route): a strong ETag from the body's
 * bytes, 304 Not Modified when the client's If-None-Match names it, and Cache-Control so browsers and
 * shared caches may keep the answer for a short while. The body is built either way: the ETag is a
 * hash of it, so the saving is bandwidth and the client's work, not the server's query.
 */
import { createHash } from "node:crypto";

export function etagOf(body: string): string {
  return `"${createHash("sha256").update(body).digest("base64url").slice(0, 32)}"`;
}

/** RFC 9110 13.1.2: weak comparison, a list of tags or `*`. */
export function matchesIfNoneMatch(header: string | null, etag: string): boolean {
  if (!header) return false;
  const wanted = etag.replace(/^W\//, "");
  return header.split(",").some((tag) => {
    const candidate = tag.trim();
    return candidate === "*" || candidate.replace(/^W\//, "") === wanted;
  });
}

export function cacheableJson(request: Request, data: unknown, maxAgeSeconds: number): Response {
  const body = JSON.stringify(data);
  const etag = etagOf(body);
  const headers = { etag, "cache-control": maxAgeSeconds > 0 ? `public, max-age=${maxAgeSeconds}` : "no-cache" };
  if (matchesIfNoneMatch(request.headers.get("if-none-match"), etag)) return new Response(null, { status: 304, headers });
  return new Response(body, { status: 200, headers: { ...headers, "content-type": "application/json" } });
}
