import { SignJWT } from "jose";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { CLOCK_TOLERANCE_SECONDS, nowInSeconds, signToken, verifyToken } from "./tokens";
import { useTestConfig } from "@/lib/auth/test-config";

const claims = { userId: 42, sessionVersion: 3, sessionId: "6f1c2f57-1b7e-4d47-9a53-3a0c9a1e2b11", authTime: 1_790_000_000 };

describe("signed session tokens", () => {
  beforeEach(() => useTestConfig());

  it("carries the claims through signing and verification", async () => {
    const expiresAt = nowInSeconds() + 900;
    const token = await signToken("access", claims, expiresAt);
    expect(await verifyToken("access", token)).toEqual({ ...claims, expiresAt });
  });

  it("accepts a token up to the clock tolerance past its expiry, and not after", async () => {
    const justExpired = await signToken("access", claims, nowInSeconds() - 1);
    expect(await verifyToken("access", justExpired)).not.toBeNull();
    const longExpired = await signToken("access", claims, nowInSeconds() - CLOCK_TOLERANCE_SECONDS - 2);
    expect(await verifyToken("access", longExpired)).toBeNull();
  });

  it("never accepts one kind as the other", async () => {
    const expiresAt = nowInSeconds() + 900;
    expect(await verifyToken("session", await signToken("access", claims, expiresAt))).toBeNull();
    expect(await verifyToken("access", await signToken("session", claims, expiresAt))).toBeNull();
  });

  it("refuses a token signed with another secret, a tampered payload and alg none", async () => {
    const token = await signToken("access", claims, nowInSeconds() + 900);
    useTestConfig({ AUTH_SECRET: "another-secret-that-is-also-long-enough-0123456789" });
    expect(await verifyToken("access", token)).toBeNull();
    useTestConfig();
    expect(await verifyToken("access", token)).not.toBeNull();

    const [header, payload, signature] = token.split(".");
    const raised = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload!, "base64url").toString()), sub: "1" })).toString("base64url");
    expect(await verifyToken("access", `${header}.${raised}.${signature}`)).toBeNull();

    const none = Buffer.from(JSON.stringify({ alg: "none", typ: "at+jwt" })).toString("base64url");
    expect(await verifyToken("access", `${none}.${payload}.`)).toBeNull();
  });

  it("refuses a correctly signed token whose claims are malformed", async () => {
    // Signed with the real key but without the session claims (sv, sid): never a valid session.
    const valid = await signToken("access", claims, nowInSeconds() + 900);
    const key = await import("./keys").then((keys) => keys.signingKey("access-token"));
    const bare = await new SignJWT({})
      .setProtectedHeader({ alg: "HS256", typ: "at+jwt" })
      .setSubject("42")
      .setIssuer("keel")
      .setAudience("keel-api")
      .setExpirationTime(nowInSeconds() + 900)
      .sign(key);
    expect(await verifyToken("access", valid)).not.toBeNull();
    expect(await verifyToken("access", bare)).toBeNull();
  });

  it("returns null for garbage instead of throwing", async () => {
    for (const garbage of ["", "abc", "a.b.c", "x".repeat(5000)]) expect(await verifyToken("access", garbage)).toBeNull();
  });

  describe("a token verified once (remembered, so later requests skip the signature check)", () => {
    afterEach(() => vi.useRealTimers());

    it("gives the same claims again, as a copy the caller may change", async () => {
      const expiresAt = nowInSeconds() + 900;
      const token = await signToken("access", claims, expiresAt);
      const first = await verifyToken("access", token);
      first!.userId = 1;
      expect(await verifyToken("access", token)).toEqual({ ...claims, expiresAt });
    });

    it("is refused once it expires, although it was accepted before", async () => {
      vi.useFakeTimers({ toFake: ["Date"] });
      const token = await signToken("access", claims, nowInSeconds() + 60);
      expect(await verifyToken("access", token)).not.toBeNull();
      vi.setSystemTime(Date.now() + (60 + CLOCK_TOLERANCE_SECONDS - 1) * 1000);
      expect(await verifyToken("access", token)).not.toBeNull();
      vi.setSystemTime(Date.now() + 2000);
      expect(await verifyToken("access", token)).toBeNull();
    });

    it("is not accepted under another secret, nor as the other kind", async () => {
      const token = await signToken("access", claims, nowInSeconds() + 900);
      expect(await verifyToken("access", token)).not.toBeNull();
      expect(await verifyToken("session", token)).toBeNull();
      useTestConfig({ AUTH_SECRET: "another-secret-that-is-also-long-enough-0123456789" });
      expect(await verifyToken("access", token)).toBeNull();
    });
  });
});
