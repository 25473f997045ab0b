/**
 * Password policy and hashing.
 *
 * Policy (NIST SP 800-63B): 8 to 128 characters after Unicode NFKC normalisation, no composition
 * rules, not one of the most common passwords, never truncated.
 *
 * Hashing: bcrypt reads only the first 72 bytes of its input, so two long passwords sharing a
 * 72-byte prefix would both match. Keel therefore hashes HMAC-SHA-256(pepper, password) (44 base64
 * characters) with bcrypt: every character of the password counts, and a stolen database alone is
 * not enough to test guesses (the pepper lives in the environment, PASSWORD_PEPPER). The pepper can
 * never change without every user resetting their password.
 */
import "server-only";
import { createHmac, randomBytes } from "node:crypto";
import bcrypt from "bcryptjs";
import { z } from "zod";
import { getConfig } from "@/lib/env";
import { bcryptCompare, bcryptHash } from "@/lib/bcrypt/bcrypt-workers";
import { processSingleton } from "@/lib/process-singleton";
import { isCommonPassword } from "./common-passwords";

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;

export function normalizePassword(password: string): string {
  return password.normalize("NFKC");
}

/** Length in characters (code points), as a person counts them. */
const characters = (value: string) => [...value].length;

/**
 * A new password (registration, password change). The length counts the characters as typed, so
 * normalisation (which can expand a ligature into several letters) never turns an accepted length
 * into a refused one. The output is the normalised password.
 */
export const newPasswordSchema = z
  .string({ error: "Enter a password." })
  .check((ctx) => {
    const length = characters(ctx.value);
    if (length < PASSWORD_MIN_LENGTH) {
      ctx.issues.push({ code: "custom", input: ctx.value, message: `Use at least ${PASSWORD_MIN_LENGTH} characters.` });
    } else if (length > PASSWORD_MAX_LENGTH) {
      ctx.issues.push({ code: "custom", input: ctx.value, message: `Use at most ${PASSWORD_MAX_LENGTH} characters.` });
    }
  })
  .transform(normalizePassword)
  .check((ctx) => {
    if (isCommonPassword(ctx.value)) {
      ctx.issues.push({
        code: "custom",
        input: ctx.value,
        message: "This password is one of the most common ones. Choose something harder to guess.",
      });
    }
  })
  // The length rule is a custom check (it counts characters, not UTF-16 units), which the OpenAPI
  // generator cannot see: stated here so the document shows it (JSON Schema also counts characters).
  .meta({
    minLength: PASSWORD_MIN_LENGTH,
    maxLength: PASSWORD_MAX_LENGTH,
    description: `${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters; not one of the most common passwords, and not resembling the username or e-mail.`,
  });

/** A password presented to sign in: any string, bounded so it cannot be used to waste CPU. */
export const presentedPasswordSchema = z
  .string({ error: "Enter your password." })
  .min(1, "Enter your password.")
  .max(PASSWORD_MAX_LENGTH * 4, "That password is too long.");

function prehash(password: string): string {
  return createHmac("sha256", getConfig().auth.passwordPepper).update(normalizePassword(password), "utf8").digest("base64");
}

export async function hashPassword(password: string, cost = getConfig().auth.bcryptCost): Promise<string> {
  return bcryptHash(prehash(password), cost);
}

export async function verifyPassword(password: string, hash: string): Promise<boolean> {
  return bcryptCompare(prehash(password), hash);
}

/** True when a stored hash was made with a different cost than configured now (rehash on sign-in). */
export function needsRehash(hash: string): boolean {
  try {
    return bcrypt.getRounds(hash) !== getConfig().auth.bcryptCost;
  } catch {
    return true;
  }
}

/**
 * A hash of a random password at the configured cost. Sign-in compares against it when the login
 * matches no account, so an unknown login costs exactly as much time as a wrong password.
 */
export function dummyPasswordHash(): Promise<string> {
  return processSingleton("auth:dummy-password-hash", () => hashPassword(randomBytes(32).toString("base64url")));
}
