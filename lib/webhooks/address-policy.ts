/**
 * Where webhooks may go (SSRF protection). A delivery is a request the server makes on a user's
 * behalf to a URL the user chose, so without a check it would reach whatever the server can reach:
 * the cloud's metadata service (169.254.169.254), the database, an admin port on loopback.
 *
 * - Only https, and only public unicast addresses: every range ipaddr.js classifies as anything but
 *   `unicast` (private, loopback, link-local, unique-local, carrier-grade NAT, multicast, reserved,
 *   IPv4-mapped forms of those, ...) is refused.
 * - Checked when the URL is saved (a friendly 400) and again when each delivery connects: the
 *   socket's own DNS lookup is wrapped (`guardedLookup`), so the address checked is the address
 *   connected to. A hostname that resolved to a public address at save time and to 127.0.0.1 later
 *   (DNS rebinding) is refused at connection time.
 * - WEBHOOKS_ALLOW_PRIVATE_URLS=true lifts all of this (and allows http) for development and tests.
 */
import dns, { type LookupAddress, type LookupOptions } from "node:dns";
import ipaddr from "ipaddr.js";
import { getConfig } from "@/lib/env";

export class ForbiddenAddress extends Error {
  constructor(readonly address: string) {
    super(`webhook URLs must not point at private, loopback, link-local or metadata addresses (${address})`);
    this.name = "ForbiddenAddress";
  }
}

/** True for an address a webhook must not reach. Unparseable counts as forbidden. */
export function isForbiddenAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return true;
  // process(): an IPv4-mapped IPv6 address (::ffff:127.0.0.1) is judged as the IPv4 address it is.
  return ipaddr.process(address).range() !== "unicast";
}

/** The host of a URL as an IP literal (brackets of IPv6 removed), or null when it is a name. */
export function ipLiteralOf(hostname: string): string | null {
  const bare = hostname.startsWith("[") && hostname.endsWith("]") ? hostname.slice(1, -1) : hostname;
  return ipaddr.isValid(bare) ? bare : null;
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * dns.lookup for the delivery's socket, refusing forbidden addresses. Node calls it with `all: true`
 * (happy eyeballs) or without; both are answered in kind. One forbidden address among several
 * refuses the name: an attacker's DNS must not get to pick which one the socket tries.
 */
export function guardedLookup(hostname: string, options: LookupOptions, callback: LookupCallback): void {
  dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, []);
    const bad = addresses.find((entry) => isForbiddenAddress(entry.address));
    if (bad) return callback(Object.assign(new ForbiddenAddress(bad.address), { code: "EFORBIDDENADDRESS" }), []);
    if (options.all) return callback(null, addresses);
    const first = addresses[0];
    if (!first) return callback(Object.assign(new Error(`no address for ${hostname}`), { code: "ENOTFOUND" }), []);
    callback(null, first.address, first.family);
  });
}

/** What is wrong with a webhook URL's scheme, or null. Checked synchronously (schemas.ts). */
export function urlSchemeProblem(url: URL, allowPrivate = getConfig().webhooks.allowPrivateUrls): string | null {
  if (url.protocol === "https:") return null;
  if (url.protocol === "http:" && allowPrivate) return null;
  return "must be an https:// URL";
}

/**
 * At save time: the URL's host must be (or resolve only to) public addresses. Returns a problem to
 * show the user, or null. The check at connection time stays the one that counts.
 */
export async function urlAddressProblem(url: URL, allowPrivate = getConfig().webhooks.allowPrivateUrls): Promise<string | null> {
  if (allowPrivate) return null;
  const literal = ipLiteralOf(url.hostname);
  if (literal) return isForbiddenAddress(literal) ? "must not point at a private, loopback or link-local address" : null;
  let addresses: LookupAddress[];
  try {
    addresses = await dns.promises.lookup(url.hostname, { all: true });
  } catch {
    return "has a host name that does not resolve";
  }
  if (addresses.length === 0) return "has a host name that does not resolve";
  return addresses.some((entry) => isForbiddenAddress(entry.address)) ? "must not resolve to a private, loopback or link-local address" : null;
}
