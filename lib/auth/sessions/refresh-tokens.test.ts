import { describe, expect, it } from "vitest";
import { refreshTokenState } from "./refresh-tokens";

const now = Date.UTC(2026, 10, 30, 12, 0, 0);
const row = (over: Partial<{ usedAt: Date | null; revokedAt: Date | null; expiresAt: Date }> = {}) => ({
  usedAt: null,
  revokedAt: null,
  expiresAt: new Date(now + 60_000),
  ...over,
});

describe("refresh-token rotation rules", () => {
  it("a token never used, not revoked and not expired is live", () => {
    expect(refreshTokenState(row(), now)).toBe("live");
  });

  it("a token used before is a reuse, even once revoked or expired (that is how a copy shows)", () => {
    expect(refreshTokenState(row({ usedAt: new Date(now - 1000) }), now)).toBe("spent");
    expect(refreshTokenState(row({ usedAt: new Date(now - 1000), revokedAt: new Date(now) }), now)).toBe("spent");
    expect(refreshTokenState(row({ usedAt: new Date(now - 1000), expiresAt: new Date(now - 1) }), now)).toBe("spent");
  });

  it("a revoked or expired token is dead; expiry is exclusive of its instant", () => {
    expect(refreshTokenState(row({ revokedAt: new Date(now - 1) }), now)).toBe("dead");
    expect(refreshTokenState(row({ expiresAt: new Date(now) }), now)).toBe("dead");
    expect(refreshTokenState(row({ expiresAt: new Date(now + 1) }), now)).toBe("live");
  });
});
