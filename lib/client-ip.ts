/**
 * The client's IP address, for rate limits. Behind N trusted reverse proxies (TRUST_PROXY=N) it is
 * the X-Forwarded-For entry N places from the right; with no proxy (the default) it is the TCP peer,
 * which lib/server/node-hooks.ts appends to X-Forwarded-For before Next sees the request, so a
 * client cannot choose its own address. On Vercel, whose edge sets x-real-ip, that header is used.
 */
import { getConfig } from "@/lib/env";

function normalize(address: string): string {
  const trimmed = address.trim();
  return trimmed.startsWith("::ffff:") && trimmed.includes(".") ? trimmed.slice(7) : trimmed;
}

export function clientIp(headers: Headers): string {
  const config = getConfig();
  if (config.onVercel) {
    const real = headers.get("x-real-ip");
    if (real) return normalize(real);
  }
  const chain = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (chain.length === 0) return "unknown";
  const index = Math.max(0, chain.length - 1 - config.trustProxy);
  return normalize(chain[index]!);
}
