/**
 * Methods Next cannot route: TRACE (and Microsoft's TRACK, its twin) reach Next's router, which has
 * no handler shape for them and answers every one with a bare 500 (and a logged error), on pages and
 * API routes alike. TRACE also has no use here and a history of abuse (cross-site tracing echoes the
 * request, cookies included). So the server refuses them before Next sees them: 405 with an Allow
 * header, in the API's error shape under /api, as plain text elsewhere, echoing nothing.
 *
 * Like forwarded-for.ts it wraps `http.Server.prototype.emit("request")`, the one place every request
 * passes through in both ways of starting Next (next start, the standalone server.js); a proxy.ts
 * matcher cannot select by method, and most API requests skip the proxy. Installed before the other
 * hooks, so the request still gets its id and its log line (in-flight.ts). Not used on Vercel (no
 * Node server; its edge answers TRACE itself).
 */
import http from "node:http";
import { errorBody } from "@/lib/http/errors";

/** The methods Next's router handles; everything else is refused here. */
const ROUTABLE = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);
const ALLOW = [...ROUTABLE].join(", ");

const state = globalThis as unknown as { __keelRefuseUnroutable?: boolean };

export function refuseUnroutableMethods(): void {
  if (state.__keelRefuseUnroutable) return;
  state.__keelRefuseUnroutable = true;
  const emit = http.Server.prototype.emit;
  http.Server.prototype.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]) {
    if (event === "request") {
      const request = args[0] as http.IncomingMessage;
      if (!ROUTABLE.has(request.method ?? "")) {
        refuse(request, args[1] as http.ServerResponse);
        return true;
      }
    }
    return (emit as (this: http.Server, event: string | symbol, ...rest: unknown[]) => boolean).call(this, event, ...args);
  } as typeof emit;
}

function refuse(request: http.IncomingMessage, response: http.ServerResponse): void {
  const api = (request.url ?? "").startsWith("/api/");
  const body = api ? JSON.stringify(errorBody("method_not_allowed", `This server accepts ${ALLOW}.`)) : "Method not allowed";
  // Whatever body came with it is not read; closing the connection afterwards keeps it from being
  // taken for the next request.
  response.writeHead(405, {
    allow: ALLOW,
    "cache-control": "no-store",
    "content-type": api ? "application/json" : "text/plain; charset=utf-8",
    "content-length": Buffer.byteLength(body),
    connection: "close",
  });
  response.end(body);
}
