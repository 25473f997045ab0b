import { beforeAll, describe, expect, it } from "vitest";
import { useTestConfig } from "@/lib/auth/test-config";
import { CURRENT_KEY_ID, decryptSecret, encryptSecret } from "./two-factor-crypto";

describe("two-factor secret encryption", () => {
  beforeAll(() => useTestConfig());

  it("round-trips, with a fresh IV each time and the key id recorded", () => {
    const a = encryptSecret(7, "JBSWY3DPEHPK3PXP");
    const b = encryptSecret(7, "JBSWY3DPEHPK3PXP");
    expect(a.keyId).toBe(CURRENT_KEY_ID);
    expect(a.ciphertext).not.toBe(b.ciphertext);
    expect(a.ciphertext).not.toContain("JBSWY3DPEHPK3PXP");
    expect(decryptSecret(7, a)).toBe("JBSWY3DPEHPK3PXP");
  });

  it("refuses a secret moved to another account, a tampered one, and an unknown key id", () => {
    const stored = encryptSecret(7, "JBSWY3DPEHPK3PXP");
    expect(() => decryptSecret(8, stored)).toThrow();
    const [iv, tag, body] = stored.ciphertext.split(".");
    const flipped = Buffer.from(body!, "base64url");
    flipped[0] = flipped[0]! ^ 1;
    expect(() => decryptSecret(7, { ...stored, ciphertext: [iv, tag, flipped.toString("base64url")].join(".") })).toThrow();
    expect(() => decryptSecret(7, { ...stored, keyId: "v0" })).toThrow(/unknown two-factor key id/);
    expect(() => decryptSecret(7, { ...stored, ciphertext: "nonsense" })).toThrow();
  });

  it("depends on AUTH_SECRET", () => {
    const stored = encryptSecret(7, "JBSWY3DPEHPK3PXP");
    useTestConfig({ AUTH_SECRET: "another-test-auth-secret-that-is-long-enough-012" });
    try {
      expect(() => decryptSecret(7, stored)).toThrow();
    } finally {
      useTestConfig();
    }
  });
});
