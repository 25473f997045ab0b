import { describe, expect, it } from "vitest";
import { hashMatches, hashSecret, looksLikeKey, newSecret, prefixOf, randomBase62 } from "./secret";

describe("API key secrets", () => {
  it("are keel_sk_ + a 12-character prefix + 43 base62 characters (256 bits), with the prefix naming them", () => {
    const { secret, prefix, hash } = newSecret();
    expect(secret).toMatch(/^keel_sk_[0-9A-Za-z]{55}$/);
    expect(prefix).toBe(secret.slice(0, 20));
    expect(prefixOf(secret)).toBe(prefix);
    expect(hash).toBe(hashSecret(secret));
    expect(hash).not.toContain(secret.slice(20));
    expect(looksLikeKey(secret)).toBe(true);
  });

  it("differ every time", () => {
    const secrets = new Set(Array.from({ length: 200 }, () => newSecret().secret));
    const prefixes = new Set([...secrets].map(prefixOf));
    expect(secrets.size).toBe(200);
    expect(prefixes.size).toBe(200);
  });

  it("use every base62 character about equally (no modulo bias)", () => {
    const counts = new Map<string, number>();
    for (const char of randomBase62(62_000)) counts.set(char, (counts.get(char) ?? 0) + 1);
    expect(counts.size).toBe(62);
    for (const count of counts.values()) expect(Math.abs(count - 1000)).toBeLessThan(200);
  });

  it("match only their own hash, and reject anything not shaped like a key", () => {
    const { secret, hash } = newSecret();
    expect(hashMatches(secret, hash)).toBe(true);
    // Another last character: a fixed "x" was the same key whenever the key ended in x (1 in 62).
    expect(hashMatches(`${secret.slice(0, -1)}${secret.endsWith("x") ? "y" : "x"}`, hash)).toBe(false);
    expect(hashMatches(secret, "00")).toBe(false);
    for (const bad of ["keel_sk_", `${secret}x`, secret.slice(0, -1), secret.replace("keel_sk_", "keel_pk_"), `${secret.slice(0, -1)}-`]) {
      expect(looksLikeKey(bad)).toBe(false);
    }
  });
});
