/**
 * Everything Keel does with Node's own HTTP request, in one place. Next's server (next start, the
 * standalone server.js) keeps its http.Server to itself; the one place every request passes through
 * in both ways of starting it is `http.Server.prototype.emit("request")`, so this module wraps that
 * method, once per process, and does there, in this order:
 *
 * - **Request id and request log line.** X-Request-Id honoured when it is a sane token, else issued,
 *   echoed on the response; the request runs in that context (lib/request-context.ts), so every log
 *   line carries it, and one `request` line is written when the response closes (method, path
 *   without its query, which may hold a token, status, duration, and which path read the body).
 * - **In-flight count and draining** for graceful shutdown (lib/server/lifecycle.ts): the servers
 *   this process listens with, and how many requests they are answering; keep-alive timeouts.
 * - **X-Forwarded-For.** Next copies the TCP peer into X-Forwarded-For only when the header is
 *   absent, so without a proxy a client could name any address and dodge per-IP rate limits. The
 *   peer is appended to every request, as a reverse proxy does; lib/client-ip.ts counts TRUST_PROXY
 *   hops from the right.
 * - **Methods Next cannot route.** TRACE (and TRACK) reach Next's router, which answers each with a
 *   bare 500; TRACE also has a history of abuse (cross-site tracing). They are refused here with 405
 *   and an Allow header, after the steps above (so they have an id, a log line, and are counted).
 * - **The direct body read** (the fast path): the Node request and response are put in the request's
 *   context, and lib/http/body.ts asks readNodeBody for a JSON body, which takes it from Node's
 *   stream instead of the two web streams Next wraps around it (docs/performance.md, "Fifth part").
 *
 * One switch, KEEL_NODE_HOOKS (lib/env.ts): `on` (the default) or `off`. What it switches is the fast
 * path alone, because it is the only part that relies on Node's internals (`_readableState.ended`)
 * and on Next handing the route the very request Node parsed. The rest is essential and relies on
 * Node's public API only: without request ids and in-flight counting a shutdown would cut requests
 * off and logs could not be joined; without the X-Forwarded-For step per-IP limits could be dodged;
 * without the method step TRACE would be a 500. `off` therefore reads every body through the web
 * Request (slower by ~50 µs per body, the same answers) and keeps the rest.
 *
 * The fast path checks itself, so a Node or Next upgrade that changes what it relies on makes it
 * step aside rather than misread a body. At start, `nodeInternalsProblems()` tries the internals on
 * a request of its own. Per request, readNodeBody reads directly only from the Node request in the
 * context that is the route's own (same method, path and query) and unread; any other request (one
 * whose URL Next normalized) is read the web way, which is no fault. A route that runs with no
 * context at all (requests no longer pass through the hook), or a Node request without the stream
 * state the reader expects, is: like a failed start-up check, it logs one warning (an error outside
 * production) and the process reads bodies the web way from then on. Nothing here stops the
 * server. lib/server/node-hooks.test.ts fails, naming the internal, when this Node version lacks
 * one; tests/integration/node-hooks.test.ts fails when the production server stops reading bodies
 * directly.
 *
 * Not installed on Vercel (no Node server; its edge answers TRACE itself).
 */
import http from "node:http";
import net from "node:net";
import type { Readable } from "node:stream";
import { errorBody } from "@/lib/http/errors";
import type { MaybePromise } from "@/lib/http/maybe-promise";
import { log } from "@/lib/log";
import { processSingleton } from "@/lib/process-singleton";
import { currentRequest, type RequestContext, requestIdFrom, runWithRequest } from "@/lib/request-context";

export interface NodeHooksOptions {
  /** KEEL_NODE_HOOKS: "off" turns the direct body read off (the rest is essential; see above). */
  nodeHooks: "on" | "off";
  /** A failed self-check is a warning in production, an error elsewhere (a developer should see it). */
  production: boolean;
}

interface HookState {
  installed: boolean;
  servers: Set<http.Server>;
  inFlight: number;
  draining: boolean;
  idle: Set<() => void>;
  /** The switch: the Node request goes into each request's context for the direct body read. */
  directBody: boolean;
  /** A self-check failed: bodies are read the web way for the rest of the process. */
  broken: boolean;
  production: boolean;
  /** The self-check failures already reported (each once per process). */
  reported: Set<string>;
}

// One state per process: Next bundles this module into several chunks, and two wrappers of emit
// would count every request twice.
const hooks = processSingleton<HookState>("node-hooks", () => ({
  installed: false,
  servers: new Set(),
  inFlight: 0,
  draining: false,
  idle: new Set(),
  directBody: false,
  broken: false,
  production: true,
  reported: new Set(),
}));

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

/** The methods Next's router handles; everything else is refused here. */
const ROUTABLE = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);
const ALLOW = [...ROUTABLE].join(", ");

type Emit = (this: http.Server, event: string | symbol, ...args: unknown[]) => boolean;

/** Installs the hook (once per process: later calls do nothing) and runs the start-up self-check. */
export function installNodeHooks(options: NodeHooksOptions): void {
  if (hooks.installed) return;
  hooks.installed = true;
  hooks.production = options.production;
  hooks.directBody = options.nodeHooks === "on";
  if (hooks.directBody) {
    const problems = nodeInternalsProblems();
    if (problems.length > 0) selfCheckFailed("start", `Node's request does not work as the direct body read expects: ${problems.join("; ")}`);
  }
  const emit = http.Server.prototype.emit as Emit;
  http.Server.prototype.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]) {
    if (event !== "request") return emit.call(this, event, ...args);
    return onRequest(this, args[0] as http.IncomingMessage, args[1] as http.ServerResponse, () => emit.call(this, event, ...args));
  } as typeof http.Server.prototype.emit;
}

function onRequest(server: http.Server, request: http.IncomingMessage, response: http.ServerResponse, next: () => boolean): boolean {
  if (!hooks.servers.has(server)) {
    hooks.servers.add(server);
    server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
    server.headersTimeout = HEADERS_TIMEOUT_MS;
  }
  const started = performance.now();
  const context: RequestContext = { requestId: requestIdFrom(request.headers["x-request-id"]) };
  if (hooks.directBody && !hooks.broken) {
    context.incoming = request;
    context.outgoing = response;
  }
  request.headers["x-request-id"] = context.requestId;
  response.setHeader("x-request-id", context.requestId);
  const peer = request.socket?.remoteAddress;
  if (peer) {
    const forwarded = request.headers["x-forwarded-for"];
    request.headers["x-forwarded-for"] = forwarded ? `${forwarded}, ${peer}` : peer;
  }
  hooks.inFlight++;
  // A request that arrives on a kept-alive connection while draining is served, and its connection
  // closed after it, so the client reconnects to another instance.
  if (hooks.draining && !response.headersSent) response.setHeader("connection", "close");
  response.once("close", () => {
    hooks.inFlight--;
    runWithRequest(context, () =>
      log.info("request", {
        method: request.method,
        path: (request.url ?? "").split("?")[0],
        status: response.statusCode,
        ms: Math.round(performance.now() - started),
        body: context.body,
        aborted: response.writableFinished ? undefined : true,
      }),
    );
    if (hooks.inFlight === 0) for (const resolve of hooks.idle) resolve();
  });
  if (!ROUTABLE.has(request.method ?? "")) {
    refuseMethod(request, response);
    return true;
  }
  return runWithRequest(context, next);
}

/** 405 in the API's error shape under /api, plain text elsewhere, echoing nothing of the request. */
function refuseMethod(request: http.IncomingMessage, response: http.ServerResponse): void {
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

export function requestsInFlight(): number {
  return hooks.inFlight;
}

/**
 * Stops taking connections (the listening socket is closed, idle kept-alive connections are
 * dropped) and resolves once every request in flight has been answered, or after `timeoutMs`,
 * whichever comes first. Returns how many requests were still running at the bound.
 */
export async function drainRequests(timeoutMs: number): Promise<number> {
  hooks.draining = true;
  for (const server of hooks.servers) {
    server.close();
    server.closeIdleConnections();
  }
  if (hooks.inFlight === 0) return 0;
  let resolveIdle!: () => void;
  const idle = new Promise<void>((resolve) => (resolveIdle = resolve));
  hooks.idle.add(resolveIdle);
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([idle, new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
  clearTimeout(timer);
  hooks.idle.delete(resolveIdle);
  return hooks.inFlight;
}

// ---------------------------------------------------------------------------------------------
// The self-check

/** Logs a failed self-check once per kind, and turns the fast path off for the rest of the process. */
function selfCheckFailed(kind: string, message: string): void {
  hooks.broken = true;
  if (hooks.reported.has(kind)) return;
  hooks.reported.add(kind);
  const text = `${message}. Request bodies are read through the web Request from now on (KEEL_NODE_HOOKS; lib/server/node-hooks.ts).`;
  if (hooks.production) log.warn(text);
  else log.error(text);
}

/** `_readableState.ended`: the stream has been given its last byte. No public getter says so. */
function streamEnded(incoming: http.IncomingMessage): boolean | undefined {
  const state = (incoming as unknown as { _readableState?: { ended?: unknown } })._readableState;
  return typeof state?.ended === "boolean" ? state.ended : undefined;
}

/**
 * What the direct body read relies on, tried on a request of this process's own Node (no socket
 * traffic): an empty list when all is as expected, else one line per internal that is not. The
 * public parts are checked too (`complete`, `readableFlowing`, ...): the reader's decisions rest on
 * them all.
 */
export function nodeInternalsProblems(): string[] {
  const problems: string[] = [];
  const socket = new net.Socket();
  try {
    const incoming = new http.IncomingMessage(socket);
    if (streamEnded(incoming) !== false) problems.push("IncomingMessage._readableState.ended is not a boolean false on a fresh request");
    if (incoming.complete !== false) problems.push("IncomingMessage.complete is not false on a fresh request");
    if (incoming.readableFlowing !== null) problems.push("IncomingMessage.readableFlowing is not null on a fresh request");
    if (incoming.readableDidRead !== false) problems.push("IncomingMessage.readableDidRead is not false on a fresh request");
    if (incoming.readableEnded !== false) problems.push("IncomingMessage.readableEnded is not false on a fresh request");
    // What Node's parser does with a body that arrived with the headers: pushes it, then the end.
    const body = Buffer.from('{"ok":true}');
    incoming.push(body);
    incoming.push(null);
    incoming.complete = true;
    if (streamEnded(incoming) !== true) problems.push("IncomingMessage._readableState.ended is not true once the body's end was pushed");
    const read = incoming.read() as Buffer | null;
    if (!read || !read.equals(body)) problems.push("IncomingMessage.read() does not return a whole buffered body in one call");
  } catch (error) {
    problems.push(`IncomingMessage could not be tried: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    socket.destroy();
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// The direct body read

/** What the body reader (lib/http/body.ts) decides, handed in so both of its paths answer alike. */
export interface BodyRules {
  /** The most bytes a body may have. */
  limit: number;
  /** How much of an oversized body is still read and dropped before the 413 (keeps the connection usable). */
  drainLimit: number;
  tooLarge: () => Error;
  /** The client went away mid-body. */
  unreadable: () => Error;
}

/**
 * The body of `request` read straight from Node's request: its bytes at once when they have all
 * arrived, else a promise of them; `null` when it must be read through the web Request instead
 * (the switch is off, a self-check failed, no Node server, or the context holds another request).
 * Throws (413) rather than rejecting when it can.
 */
export function readNodeBody(request: Request, rules: BodyRules): MaybePromise<Uint8Array> | null {
  if (hooks.broken) return null;
  const context = currentRequest();
  if (!context) {
    // The hook is installed but this route runs outside any request it saw: Next no longer hands
    // requests to Node's server through http.Server.prototype.emit (so no request ids, draining or
    // X-Forwarded-For step either: the warning says so).
    if (hooks.installed) {
      selfCheckFailed(
        "context",
        "A route ran outside the request context that the http.Server.prototype.emit hook opens: requests no longer pass through it (no request ids, in-flight draining or X-Forwarded-For step)",
      );
    }
    return null;
  }
  const incoming = sameRequest(request, context);
  if (!incoming) return null;
  const ended = streamEnded(incoming);
  if (ended === undefined) {
    selfCheckFailed("stream", "The Node request in the context has no _readableState.ended");
    return null;
  }
  context.body = "node";
  const declared = incoming.headers["content-length"];
  if (declared !== undefined && Number(declared) > rules.limit) throw rules.tooLarge();
  // The whole body is there when Node's parser has seen the request's end and its bytes sit in the
  // buffer, unread: a small body nearly always comes in the packet that carries the headers, long
  // before the handler runs, and is taken with one read(), without events or a promise. `complete`
  // alone is not enough: Next's proxy may have swapped in a stream of its own still being filled.
  if (!incoming.complete || !ended || incoming.readableFlowing === true) return readByEvents(incoming, rules, context.outgoing);
  const buffered = incoming.read() as Buffer | null;
  if (buffered === null) return new Uint8Array(); // nothing was sent
  if (buffered.byteLength > rules.limit) throw rules.tooLarge();
  return buffered;
}

/**
 * The Node request in the context when it is the route's own (same method, path and query) and
 * neither it nor the web body has been read; otherwise null (Next normalized the URL, or the
 * context belongs to another request), and the web path reads this one.
 */
function sameRequest(request: Request, context: RequestContext): http.IncomingMessage | null {
  const incoming = context.incoming;
  if (!incoming?.url || request.bodyUsed || incoming.readableDidRead || incoming.readableEnded) return null;
  return incoming.method === request.method && request.url.endsWith(incoming.url) ? incoming : null;
}

/**
 * A body still on its way, read with Node's stream events, with the same outcomes as the web path
 * (413 after draining up to `drainLimit`, 400 when the client goes away). Why not through
 * `request.body`: on Node 20, Next's request wraps the Node stream in two web streams (undici's
 * extractBody), and pulling a small JSON body through them costs more than the rest of a quote's
 * own work together (docs/performance.md, "Fifth part").
 */
function readByEvents(incoming: Readable, rules: BodyRules, outgoing: http.ServerResponse | undefined): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    let settled = false;
    const settle = (error: Error | null) => {
      if (settled) return;
      settled = true;
      incoming.off("data", onData).off("end", onEnd).off("error", onError).off("close", onClose);
      if (error) reject(error);
      else resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total));
    };
    const onData = (chunk: Buffer) => {
      total += chunk.byteLength;
      if (total <= rules.limit) {
        chunks.push(chunk);
        return;
      }
      chunks.length = 0; // over the limit: the rest is read and dropped
      if (total > rules.drainLimit) {
        settle(rules.tooLarge());
        stopReadingAfterAnswer(incoming, outgoing);
      }
    };
    const onEnd = () => settle(total > rules.limit ? rules.tooLarge() : null);
    const onError = () => settle(rules.unreadable());
    // A request whose client went away closes without "end" (and, on Node 20, without "error").
    const onClose = () => settle(rules.unreadable());
    incoming.on("data", onData).on("end", onEnd).on("error", onError).on("close", onClose);
  });
}

/**
 * After a 413 past the drain bound: the client must not make us read on, but destroying the socket
 * at once resets the connection before the 413 is written, and the client sees ECONNRESET instead
 * of an answer (issue 31). So the answer asks for the connection to close, the socket closes
 * lingering (below), and a client that keeps sending after the answer is cut off LINGER_MS later.
 */
const LINGER_MS = 2_000;

function stopReadingAfterAnswer(incoming: Readable, outgoing: http.ServerResponse | undefined): void {
  if (outgoing && !outgoing.headersSent) outgoing.setHeader("connection", "close");
  if (outgoing?.socket) closeLingering(outgoing.socket);
  setTimeout(() => incoming.destroy(), outgoing ? LINGER_MS : 0).unref();
}

/**
 * Node destroys a socket as soon as a "connection: close" answer is written (`destroySoon`, called
 * by its HTTP server). A client still sending its body then writes to a closed socket, and the
 * kernel answers with a reset (at once, if unread bytes are left when it closes): the client fails
 * with EPIPE or ECONNRESET, often before it has read the 413 (Node's own client did, in CI). So this
 * socket closes as nginx (`lingering_close`) and Apache do: it ends its side once the answer is
 * written (the HTTP server's sockets are half-open capable, so reading goes on), what still arrives
 * is read and dropped (the request's stream flows with no listener), and it closes once the client
 * ends its side too, or when the timer above destroys the request. Node has no option for this;
 * the one socket's `destroySoon` is replaced.
 */
function closeLingering(socket: net.Socket): void {
  socket.destroySoon = function endOnly(this: net.Socket) {
    this.end();
  };
}
