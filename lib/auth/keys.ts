/**
 * Signing keys, derived once per process from AUTH_SECRET with HKDF-SHA-256 and a distinct label per
 * purpose, so that a token of one kind can never be accepted as another (a session cookie is not an
 * access token) and no per-request key derivation is needed.
 */
import { hkdfSync } from "node:crypto";
import { getConfig } from "@/lib/env";

export type KeyPurpose = "access-token" | "session-cookie";

const cache = new Map<string, Uint8Array>();

export function signingKey(purpose: KeyPurpose): Uint8Array {
  const secret = getConfig().auth.secret;
  const cacheKey = `${purpose}\u0000${secret}`;
  let key = cache.get(cacheKey);
  if (!key) {
    key = new Uint8Array(hkdfSync("sha256", secret, "keel", `keel/${purpose}/v1`, 32));
    cache.set(cacheKey, key);
  }
  return key;
}
