/**
 * Who made the current request, for the session list and the activity log: the client IP (the same
 * one the rate limits use, lib/client-ip.ts) and the User-Agent header, cut to what the columns hold.
 *
 * Read from next/headers, so that the account verbs (lib/users) can record activity without every
 * caller threading the request through; outside a request (a job, a script) both are null.
 */
import "server-only";
import { headers } from "next/headers";
import { clientIp } from "@/lib/client-ip";

export interface RequestContext {
  ip: string | null;
  userAgent: string | null;
}

const MAX_USER_AGENT = 500;
const MAX_IP = 100;

export function contextOf(requestHeaders: Headers): RequestContext {
  const ip = clientIp(requestHeaders);
  const userAgent = requestHeaders.get("user-agent");
  return {
    ip: ip === "unknown" ? null : ip.slice(0, MAX_IP),
    userAgent: userAgent ? userAgent.slice(0, MAX_USER_AGENT) : null,
  };
}

export async function requestContext(): Promise<RequestContext> {
  try {
    return contextOf(await headers());
  } catch {
    // Not inside a request (a job or a script): nothing to record.
    return { ip: null, userAgent: null };
  }
}
