/**
 * What every log line of one request carries: its request id (the client's or the load balancer's
 * X-Request-Id when it is a sane token, otherwise a fresh UUID), kept in an AsyncLocalStorage that
 * the HTTP hook (lib/server/node-hooks.ts) opens around each request.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { processSingleton } from "@/lib/process-singleton";

export interface RequestContext {
  requestId: string;
  /** The request's trace, once a span of it was seen (tracing on). */
  traceId?: string;
  /**
   * The Node request itself, when the process serves HTTP with Node's server (next start, the
   * standalone server; not Vercel) and KEEL_NODE_HOOKS is on: lib/server/node-hooks.ts reads a JSON
   * body from it directly, which costs a fraction of reading it through the web stream Next wraps
   * around it (docs/performance.md).
   */
  incoming?: IncomingMessage;
  /** Node's response to it (same condition): the body reader closes the connection after a 413 through it. */
  outgoing?: ServerResponse;
  /** Which path read the request's body, once one did: Node's request or the web Request (the request log line says). */
  body?: "node" | "web";
}

/** Notes the active span's trace on the request, so lines written after the span ended carry it too. */
export function noteTrace(traceId: string | undefined): void {
  const context = storage.getStore();
  if (context && traceId && traceId !== "00000000000000000000000000000000") context.traceId ??= traceId;
}

// One store per process, even if bundling loads this module more than once.
const storage = processSingleton("request-context", () => new AsyncLocalStorage<RequestContext>());

export function currentRequest(): RequestContext | undefined {
  return storage.getStore();
}

export function runWithRequest<T>(context: RequestContext, fn: () => T): T {
  return storage.run(context, fn);
}

/** Only short printable tokens are honoured: the id lands in every log line and in a response header. */
const ACCEPTABLE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function requestIdFrom(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value !== undefined && ACCEPTABLE_REQUEST_ID.test(value) ? value : randomUUID();
}
