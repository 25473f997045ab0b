import { beforeEach, describe, expect, it } from "vitest";
import { resemblesAccount } from "@/lib/users/password-resemblance";
import { hashPassword, needsRehash, newPasswordSchema, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, presentedPasswordSchema, verifyPassword } from "./password";
import { useTestConfig } from "@/lib/auth/test-config";

// The lowest cost bcrypt takes: the rules under test do not depend on it, the run time does.
const FAST = 4;

describe("password policy", () => {
  it("counts characters as typed (code points), from the minimum to the maximum", () => {
    expect(newPasswordSchema.safeParse("q9!zr%k2v".slice(0, PASSWORD_MIN_LENGTH - 1)).success).toBe(false);
    expect(newPasswordSchema.safeParse("q9!zr%k2v".slice(0, PASSWORD_MIN_LENGTH)).success).toBe(true);
    const emoji = "🦊".repeat(PASSWORD_MIN_LENGTH); // 8 characters, 16 UTF-16 units
    expect(newPasswordSchema.safeParse(emoji).success).toBe(true);
    expect(newPasswordSchema.safeParse("z".repeat(PASSWORD_MAX_LENGTH)).success).toBe(true);
    expect(newPasswordSchema.safeParse("z".repeat(PASSWORD_MAX_LENGTH + 1)).success).toBe(false);
  });

  it("outputs the NFKC form and refuses the most common passwords, whatever their case", () => {
    expect(newPasswordSchema.parse("ﬁsh and chips!")).toBe("fish and chips!");
    expect(newPasswordSchema.safeParse("password123").success).toBe(false);
    expect(newPasswordSchema.safeParse("PASSWORD123").success).toBe(false);
  });

  it("bounds a presented password so it cannot be used to waste CPU", () => {
    expect(presentedPasswordSchema.safeParse("").success).toBe(false);
    expect(presentedPasswordSchema.safeParse("x".repeat(PASSWORD_MAX_LENGTH * 4)).success).toBe(true);
    expect(presentedPasswordSchema.safeParse("x".repeat(PASSWORD_MAX_LENGTH * 4 + 1)).success).toBe(false);
  });

  it("refuses a password that is the username or the email, in any case", () => {
    const account = { username: "Ada_L", email: "ada@example.com" };
    expect(resemblesAccount("ada_l", account)).toBe(true);
    expect(resemblesAccount("ADA@EXAMPLE.COM", account)).toBe(true);
    expect(resemblesAccount("ada_l!", account)).toBe(false);
  });
});

describe("password hashing with the pepper", () => {
  beforeEach(() => useTestConfig());

  it("verifies the right password and nothing else", async () => {
    const hash = await hashPassword("correct horse battery staple", FAST);
    expect(await verifyPassword("correct horse battery staple", hash)).toBe(true);
    expect(await verifyPassword("correct horse battery stapler", hash)).toBe(false);
  });

  it("counts every character: two long passwords sharing bcrypt's 72-byte prefix differ", async () => {
    const prefix = "p".repeat(80);
    const hash = await hashPassword(`${prefix}-one`, FAST);
    expect(await verifyPassword(`${prefix}-two`, hash)).toBe(false);
  });

  it("normalises before hashing, so the same password typed two ways matches", async () => {
    const hash = await hashPassword("ﬁsh and chips!", FAST);
    expect(await verifyPassword("fish and chips!", hash)).toBe(true);
  });

  it("does not verify under another pepper (a stolen database alone cannot test guesses)", async () => {
    const hash = await hashPassword("correct horse battery staple", FAST);
    useTestConfig({ PASSWORD_PEPPER: "a-different-password-pepper-long-enough-0123456789" });
    expect(await verifyPassword("correct horse battery staple", hash)).toBe(false);
  });

  it("asks for a rehash when the stored cost differs from the configured one, or the hash is unreadable", async () => {
    expect(needsRehash(await hashPassword("correct horse battery staple", FAST))).toBe(true);
    expect(needsRehash(await hashPassword("correct horse battery staple", 10))).toBe(false);
    expect(needsRehash("not a bcrypt hash")).toBe(true);
  });
});
