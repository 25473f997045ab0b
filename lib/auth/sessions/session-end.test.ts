import { describe, expect, it } from "vitest";
import { revocationEntryExpiry, revokeUntil } from "./session";
import { CLOCK_TOLERANCE_SECONDS } from "@/lib/auth/tokens/tokens";

const now = Date.UTC(2026, 10, 30, 12, 0, 0);
const ttl = 900;

describe("revokeUntil", () => {
  it("ends a web session when its cookie expires", () => {
    const expiresAt = now / 1000 + 3600;
    expect(revokeUntil({ via: "cookie", expiresAt }, ttl, now)).toEqual(new Date(expiresAt * 1000));
    // Even when the cookie expires sooner than an access token would.
    expect(revokeUntil({ via: "cookie", expiresAt: now / 1000 + 10 }, ttl, now)).toEqual(new Date(now + 10_000));
  });

  it("keeps a device's session revoked until the later of its token's expiry and a fresh token's", () => {
    const soon = now / 1000 + 60;
    expect(revokeUntil({ via: "bearer", expiresAt: soon }, ttl, now)).toEqual(new Date(now + ttl * 1000));
    const late = now / 1000 + 2 * ttl;
    expect(revokeUntil({ via: "bearer", expiresAt: late }, ttl, now)).toEqual(new Date(late * 1000));
  });

  it("covers one access-token lifetime when only the refresh family is known", () => {
    expect(revokeUntil({ via: "refresh" }, ttl, now)).toEqual(new Date(now + ttl * 1000));
  });

  it("keeps the entry for the clock tolerance past the last expiry", () => {
    const until = new Date(now);
    expect(revocationEntryExpiry(until).getTime() - until.getTime()).toBe(CLOCK_TOLERANCE_SECONDS * 1000);
  });
});
