/**
 * One delivery attempt over HTTP(S): a POST with the signed body, no redirects followed (Node's
 * http client never follows them; a 3xx is a failed attempt), an overall time limit
 * (WEBHOOK_TIMEOUT_SECONDS, 10 s), and at most 1 KB of the answer read: the rest is never
 * downloaded (the socket is destroyed), so a receiver cannot make the worker read a gigabyte.
 *
 * Unless WEBHOOKS_ALLOW_PRIVATE_URLS is on, the socket connects only to addresses that pass
 * address-policy.ts: an IP literal is checked here, a name in the socket's own DNS lookup.
 * No connection reuse (agent: false): every attempt resolves and checks afresh.
 */
import http from "node:http";
import https from "node:https";
import { ForbiddenAddress, guardedLookup, ipLiteralOf, isForbiddenAddress } from "./address-policy";

export const RESPONSE_BODY_LIMIT = 1024;

export interface AttemptResult {
  /** The receiver's status; null when there was no answer. */
  statusCode: number | null;
  durationMs: number;
  /** The start of the answer (at most RESPONSE_BODY_LIMIT bytes, as text). */
  body: string | null;
  /** Why there was no answer (timeout, refused address, connection error). */
  error: string | null;
}

export interface AttemptRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
  allowPrivate: boolean;
}

export function postOnce(request: AttemptRequest): Promise<AttemptResult> {
  const started = Date.now();
  const done = (partial: Omit<AttemptResult, "durationMs">): AttemptResult => ({ ...partial, durationMs: Date.now() - started });
  return new Promise((resolve) => {
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return resolve(done({ statusCode: null, body: null, error: "invalid URL" }));
    }
    const literal = ipLiteralOf(url.hostname);
    if (!request.allowPrivate) {
      if (url.protocol !== "https:") return resolve(done({ statusCode: null, body: null, error: "not an https URL" }));
      if (literal && isForbiddenAddress(literal)) return resolve(done({ statusCode: null, body: null, error: new ForbiddenAddress(literal).message }));
    }
    const client = url.protocol === "https:" ? https : http;
    const signal = AbortSignal.timeout(request.timeoutMs);
    let settled = false;
    const finish = (result: AttemptResult) => {
      if (settled) return;
      settled = true;
      resolve(result);
    };
    const outgoing = client.request(
      url,
      {
        method: "POST",
        agent: false,
        signal,
        headers: { ...request.headers, "content-type": "application/json", "content-length": Buffer.byteLength(request.body), "user-agent": "Keel-Webhooks/1" },
        ...(request.allowPrivate || literal ? {} : { lookup: guardedLookup }),
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        const end = () => {
          const body = Buffer.concat(chunks).subarray(0, RESPONSE_BODY_LIMIT).toString("utf8");
          finish(done({ statusCode: response.statusCode ?? null, body, error: null }));
          response.destroy();
        };
        response.on("data", (chunk: Buffer) => {
          chunks.push(chunk);
          size += chunk.length;
          if (size >= RESPONSE_BODY_LIMIT) end();
        });
        response.on("end", end);
        // An answer cut short after its status line still counts as the status it gave.
        response.on("error", end);
        response.on("aborted", end);
      },
    );
    outgoing.on("error", (error: NodeJS.ErrnoException) => {
      const reason = signal.aborted ? `timed out after ${request.timeoutMs} ms` : error instanceof ForbiddenAddress || error.code === "EFORBIDDENADDRESS" ? error.message : `${error.code ?? "error"}: ${error.message}`;
      finish(done({ statusCode: null, body: null, error: reason.slice(0, 500) }));
    });
    outgoing.end(request.body);
  });
}
