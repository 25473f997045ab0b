/**
 * What the domain may know about the request it serves: who is asking (the caller), from where (the
 * client IP, the same one the rate limits use, lib/client-ip.ts), with what (the User-Agent header)
 * and which request it is (the id every log line carries, lib/request-context.ts).
 *
 * Every adapter builds it once and hands it to the domain function: `route()` (lib/http/route.ts),
 * `formAction()` and `readAction()` (lib/forms), NextAuth's route handler (lib/auth/web). A domain
 * function that records activity, a session or a per-IP limit takes it as a parameter and never
 * reads next/headers itself (issue 26: the IP used to be passed to some verbs and read from
 * next/headers by others). Jobs and scripts, which serve no request, pass NO_REQUEST_META.
 */
import "server-only";
import { headers } from "next/headers";
import type { Caller } from "@/lib/auth/sessions/guard";
import { clientIp } from "@/lib/client-ip";
import { currentRequest } from "@/lib/request-context";

export interface RequestMeta {
  /** The authenticated caller, or null (a public route, a sign-in, a job). */
  caller: Caller | null;
  /** The client's IP address, cut to what the columns hold; null when it is not known. */
  ip: string | null;
  /** The User-Agent header, cut to what the columns hold; null when the client sent none. */
  userAgent: string | null;
  /** The request's id (X-Request-Id or a fresh one), when the HTTP hook opened a request context. */
  requestId: string | null;
}

// What the session and activity columns hold.
const MAX_USER_AGENT = 500;
const MAX_IP = 100;

/** For code that serves no request (jobs, scripts, a payment provider's event): nothing to record. */
export const NO_REQUEST_META: RequestMeta = Object.freeze({ caller: null, ip: null, userAgent: null, requestId: null });

/** The adapters' constructor: the request's headers and the caller they resolved. */
export function metaOf(requestHeaders: Headers, caller: Caller | null): RequestMeta {
  const ip = clientIp(requestHeaders);
  const userAgent = requestHeaders.get("user-agent");
  return {
    caller,
    ip: ip === "unknown" ? null : ip.slice(0, MAX_IP),
    userAgent: userAgent ? userAgent.slice(0, MAX_USER_AGENT) : null,
    requestId: currentRequest()?.requestId ?? null,
  };
}

/**
 * The meta of the request a page or server action is rendering, from next/headers: for adapters
 * that have no Request object of their own (server actions, pages). Outside a request (a job or a
 * script), NO_REQUEST_META with the given caller.
 */
export async function requestMeta(caller: Caller | null = null): Promise<RequestMeta> {
  try {
    return metaOf(await headers(), caller);
  } catch {
    return { ...NO_REQUEST_META, caller };
  }
}

/**
 * The key a per-IP rate limit counts under. Clients whose address is unknown share one bucket, as
 * they always did (clientIp answers "unknown" for them).
 */
export function limitIp(meta: Pick<RequestMeta, "ip">): string {
  return meta.ip ?? "unknown";
}
