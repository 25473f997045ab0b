/**
 * API key secrets: `keel_sk_` + 12 base62 characters (the prefix that names the key in lists and
 * finds its row) + 43 base62 characters (256 random bits). Base62 so that a double click selects the
 * whole key and no character needs escaping anywhere.
 *
 * Stored as SHA-256: the secret is random and long, so there is nothing to brute-force that a slow
 * hash would protect, and a fast hash keeps the per-request check cheap. Compared in constant time.
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

export const SECRET_MARKER = "keel_sk_";
const PREFIX_RANDOM_LENGTH = 12;
const SECRET_RANDOM_LENGTH = 43;
const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** The whole key's shape; anything else is not a key (and never reaches the database). */
const KEY_PATTERN = new RegExp(`^${SECRET_MARKER}[0-9A-Za-z]{${PREFIX_RANDOM_LENGTH + SECRET_RANDOM_LENGTH}}$`);

/** Uniform base62 by rejection sampling (a byte >= 248 would favour the first characters). */
export function randomBase62(length: number): string {
  let out = "";
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < 248 && out.length < length) out += ALPHABET[byte % 62];
    }
  }
  return out;
}

export interface NewSecret {
  secret: string;
  prefix: string;
  hash: string;
}

export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

export function newSecret(): NewSecret {
  const secret = SECRET_MARKER + randomBase62(PREFIX_RANDOM_LENGTH) + randomBase62(SECRET_RANDOM_LENGTH);
  return { secret, prefix: prefixOf(secret), hash: hashSecret(secret) };
}

export function prefixOf(secret: string): string {
  return secret.slice(0, SECRET_MARKER.length + PREFIX_RANDOM_LENGTH);
}

export function looksLikeKey(value: string): boolean {
  return KEY_PATTERN.test(value);
}

export function hashMatches(secret: string, storedHash: string): boolean {
  const a = Buffer.from(hashSecret(secret), "hex");
  const b = Buffer.from(storedHash, "hex");
  return a.length === b.length && timingSafeEqual(a, b);
}
