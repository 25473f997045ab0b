import dns from "node:dns";
import { afterEach, describe, expect, it, vi } from "vitest";
import { guardedLookup, ipLiteralOf, isForbiddenAddress, urlAddressProblem, urlSchemeProblem } from "./address-policy";

type Lookup = (hostname: string, options: dns.LookupOptions, callback: (error: Error | null, addresses: dns.LookupAddress[]) => void) => void;

/** Pretends DNS answers `addresses` for every name: the resolver the socket asks, not the network. */
function resolvingTo(...addresses: string[]) {
  const answer = addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
  vi.spyOn(dns, "lookup").mockImplementation(((_hostname: string, _options: dns.LookupOptions, callback: Parameters<Lookup>[2]) =>
    callback(null, answer)) as unknown as typeof dns.lookup);
  vi.spyOn(dns.promises, "lookup").mockImplementation((async () => answer) as unknown as typeof dns.promises.lookup);
}

function lookup(hostname: string, options: dns.LookupOptions): Promise<{ error: NodeJS.ErrnoException | null; address: unknown }> {
  return new Promise((resolve) => guardedLookup(hostname, options, (error, address) => resolve({ error, address })));
}

afterEach(() => vi.restoreAllMocks());

describe("webhook address policy", () => {
  it.each([
    "127.0.0.1",
    "127.8.9.10",
    "10.0.0.5",
    "172.16.3.4",
    "192.168.1.1",
    "169.254.169.254", // cloud metadata
    "100.64.0.1", // carrier-grade NAT
    "0.0.0.0",
    "224.0.0.1",
    "255.255.255.255",
    "::1",
    "::",
    "fe80::1",
    "fd00:ec2::254", // AWS's IPv6 metadata address
    "fc00::1",
    "::ffff:127.0.0.1", // IPv4-mapped loopback
    "::ffff:169.254.169.254",
    "not an address",
  ])("refuses %s", (address) => {
    expect(isForbiddenAddress(address)).toBe(true);
  });

  it.each(["93.184.216.34", "8.8.8.8", "1.1.1.1", "2606:4700:4700::1111", "::ffff:8.8.8.8"])("allows the public address %s", (address) => {
    expect(isForbiddenAddress(address)).toBe(false);
  });

  it("reads IP literals out of URL host names, brackets and all", () => {
    expect(ipLiteralOf("127.0.0.1")).toBe("127.0.0.1");
    expect(ipLiteralOf("[::1]")).toBe("::1");
    expect(ipLiteralOf("hooks.example.com")).toBeNull();
  });

  it("wants https unless private URLs are allowed (which also allows http)", () => {
    expect(urlSchemeProblem(new URL("https://a.example.com/"), false)).toBeNull();
    expect(urlSchemeProblem(new URL("http://a.example.com/"), false)).toMatch(/https/);
    expect(urlSchemeProblem(new URL("http://127.0.0.1:3000/"), true)).toBeNull();
    expect(urlSchemeProblem(new URL("ftp://a.example.com/"), true)).toMatch(/https/);
  });

  it("at save time: refuses a name that resolves to 127.0.0.1, and private literals", async () => {
    resolvingTo("127.0.0.1");
    expect(await urlAddressProblem(new URL("https://rebind.example.com/hook"), false)).toMatch(/private, loopback or link-local/);
    expect(await urlAddressProblem(new URL("https://169.254.169.254/latest/meta-data"), false)).toMatch(/private/);
    expect(await urlAddressProblem(new URL("https://[::1]/"), false)).toMatch(/private/);
    expect(await urlAddressProblem(new URL("https://rebind.example.com/hook"), true)).toBeNull();
  });

  it("at save time: refuses a name when any of its addresses is private", async () => {
    resolvingTo("93.184.216.34", "10.0.0.1");
    expect(await urlAddressProblem(new URL("https://mixed.example.com/"), false)).toMatch(/private/);
  });

  it("at save time: accepts a name that resolves only to public addresses", async () => {
    resolvingTo("93.184.216.34");
    expect(await urlAddressProblem(new URL("https://shop.example.com/"), false)).toBeNull();
  });

  it("at connection time (DNS rebinding): the socket's lookup fails for a name now resolving to 127.0.0.1", async () => {
    resolvingTo("127.0.0.1");
    const single = await lookup("rebind.example.com", {});
    expect(single.error?.code).toBe("EFORBIDDENADDRESS");
    const all = await lookup("rebind.example.com", { all: true });
    expect(all.error?.code).toBe("EFORBIDDENADDRESS");
  });

  it("at connection time: hands public addresses to the socket in the form it asked for", async () => {
    resolvingTo("93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946");
    expect((await lookup("shop.example.com", {})).address).toBe("93.184.216.34");
    expect((await lookup("shop.example.com", { all: true })).address).toHaveLength(2);
  });

  it("really refuses localhost through the system resolver", async () => {
    const result = await lookup("localhost", {});
    expect(result.error?.code).toBe("EFORBIDDENADDRESS");
  });
});
