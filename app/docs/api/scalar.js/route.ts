/**
 * Scalar's browser bundle for the API reference page (see lib/http/scalar-bundle.ts). The URL the
 * page uses carries the content hash: that URL is cached for a year; any other is revalidated.
 */
import { scalarBundle } from "@/lib/http/scalar-bundle";

export function GET(request: Request) {
  const { body, version } = scalarBundle();
  const current = new URL(request.url).searchParams.get("v") === version;
  return new Response(new Uint8Array(body), {
    headers: {
      "content-type": "text/javascript; charset=utf-8",
      "cache-control": current ? "public, max-age=31536000, immutable" : "public, max-age=0, must-revalidate",
      etag: `"${version}"`,
    },
  });
}
