/**
 * Next's server copies the TCP peer's address into X-Forwarded-For only when the header is absent,
 * so without a proxy in front a client could name any address it likes and dodge per-IP rate limits.
 * This appends the real peer address to X-Forwarded-For on every incoming request, the way a reverse
 * proxy does; lib/client-ip.ts then counts TRUST_PROXY hops from the right.
 *
 * It wraps `http.Server.prototype.emit` for "request" events, which is how Node hands requests to
 * Next's server (next start and the standalone server.js). Not used on Vercel (no Node server).
 */
import http from "node:http";

const state = globalThis as unknown as { __keelForwardedFor?: boolean };

export function appendPeerAddressToForwardedFor(): void {
  if (state.__keelForwardedFor) return;
  state.__keelForwardedFor = true;
  const emit = http.Server.prototype.emit;
  http.Server.prototype.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]) {
    if (event === "request") {
      const request = args[0] as http.IncomingMessage;
      const peer = request.socket?.remoteAddress;
      if (peer) {
        const existing = request.headers["x-forwarded-for"];
        request.headers["x-forwarded-for"] = existing ? `${existing}, ${peer}` : peer;
      }
    }
    return (emit as (this: http.Server, event: string | symbol, ...rest: unknown[]) => boolean).call(this, event, ...args);
  } as typeof emit;
}
