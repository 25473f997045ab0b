/**
 * Graceful shutdown of the HTTP side: which servers this process listens with, and how many requests
 * are in flight. Next's server (next start, standalone server.js) keeps its http.Server to itself
 * and, with NEXT_MANUAL_SIG_HANDLE=1, leaves signals to us; so, like forwarded-for.ts, this watches
 * `http.Server.prototype.emit("request")` to learn the servers and count requests, which works the
 * same for both ways of starting Next. Not used on Vercel (no Node server).
 *
 * The same hook gives each request its id (X-Request-Id, honoured or issued, echoed on the response),
 * runs the request in that context so every log line carries it, and writes one line per finished
 * request (method, path without its query, which may hold a token, status, duration).
 */
import http from "node:http";
import { log } from "@/lib/log";
import { type RequestContext, requestIdFrom, runWithRequest } from "@/lib/request-context";

const state = globalThis as unknown as {
  __keelInFlight?: { servers: Set<http.Server>; inFlight: number; draining: boolean; idle: Set<() => void> };
};

function tracker() {
  state.__keelInFlight ??= { servers: new Set(), inFlight: 0, draining: false, idle: new Set() };
  return state.__keelInFlight;
}

/**
 * How long an idle kept-alive connection stays open, and how long a client may take to send its
 * headers. Node's default keep-alive timeout (5 s) is also its own HTTP clients' idle timeout
 * (http.Agent, undici: 4-5 s), so a client reusing its idle socket just before 5 s raced the server
 * closing it and got `socket hang up (ECONNRESET)` mid-request (issue 26). The server must keep idle
 * connections longer than any client or load balancer in front keeps them: 65 s, past the 60 s that
 * load balancers use by default (AWS ALB's idle timeout, nginx's upstream keepalive_timeout; the
 * README's production section says what to set). The headers timeout must exceed the keep-alive
 * timeout, or a request arriving at the end of the idle time could be cut by it.
 */
export const KEEP_ALIVE_TIMEOUT_MS = 65_000;
export const HEADERS_TIMEOUT_MS = 66_000;

function keepConnectionsAlive(server: http.Server): void {
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  server.headersTimeout = HEADERS_TIMEOUT_MS;
}

export function trackRequests(): void {
  const track = tracker();
  if ((http.Server.prototype.emit as { __keelTracked?: boolean }).__keelTracked) return;
  const emit = http.Server.prototype.emit;
  const tracked = function (this: http.Server, event: string | symbol, ...args: unknown[]) {
    if (event === "request") {
      if (!track.servers.has(this)) {
        track.servers.add(this);
        keepConnectionsAlive(this);
      }
      const request = args[0] as http.IncomingMessage;
      const response = args[1] as http.ServerResponse;
      const started = performance.now();
      const context: RequestContext = { requestId: requestIdFrom(request.headers["x-request-id"]), incoming: request, outgoing: response };
      request.headers["x-request-id"] = context.requestId;
      response.setHeader("x-request-id", context.requestId);
      track.inFlight++;
      // A request that arrives on a kept-alive connection while draining is served, and its
      // connection closed after it, so the client reconnects to another instance.
      if (track.draining && !response.headersSent) response.setHeader("connection", "close");
      response.once("close", () => {
        track.inFlight--;
        runWithRequest(context, () =>
          log.info("request", {
            method: request.method,
            path: (request.url ?? "").split("?")[0],
            status: response.statusCode,
            ms: Math.round(performance.now() - started),
            aborted: response.writableFinished ? undefined : true,
          }),
        );
        if (track.inFlight === 0) for (const resolve of track.idle) resolve();
      });
      return runWithRequest(context, () =>
        (emit as (this: http.Server, event: string | symbol, ...rest: unknown[]) => boolean).call(this, event, ...args),
      );
    }
    return (emit as (this: http.Server, event: string | symbol, ...rest: unknown[]) => boolean).call(this, event, ...args);
  };
  (tracked as { __keelTracked?: boolean }).__keelTracked = true;
  http.Server.prototype.emit = tracked as typeof emit;
}

export function requestsInFlight(): number {
  return tracker().inFlight;
}

/**
 * Stops taking connections (the listening socket is closed, idle kept-alive connections are
 * dropped) and resolves once every request in flight has been answered, or after `timeoutMs`,
 * whichever comes first. Returns how many requests were still running at the bound.
 */
export async function drainRequests(timeoutMs: number): Promise<number> {
  const track = tracker();
  track.draining = true;
  for (const server of track.servers) {
    server.close();
    server.closeIdleConnections();
  }
  if (track.inFlight === 0) return 0;
  let resolveIdle!: () => void;
  const idle = new Promise<void>((resolve) => (resolveIdle = resolve));
  track.idle.add(resolveIdle);
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([idle, new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
  clearTimeout(timer);
  track.idle.delete(resolveIdle);
  return track.inFlight;
}
