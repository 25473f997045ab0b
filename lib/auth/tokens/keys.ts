/**
 * Signing keys, derived from AUTH_SECRET with HKDF-SHA-256 and a distinct label per purpose, so that
 * a token of one kind can never be accepted as another (a session cookie is not an access token).
 *
 * Each key is derived and imported into WebCrypto once per process: handing jose raw bytes would
 * make it run `crypto.subtle.importKey` on every verification, which is per-request work for nothing.
 */
import "server-only";
import { hkdfSync } from "node:crypto";
import { getConfig } from "@/lib/env";

export type KeyPurpose = "access-token" | "session-cookie" | "device-token";

const cache = new Map<string, Promise<CryptoKey>>();

function deriveKeyBytes(secret: string, purpose: KeyPurpose): Uint8Array {
  return new Uint8Array(hkdfSync("sha256", secret, "keel", `keel/${purpose}/v1`, 32));
}

export function signingKey(purpose: KeyPurpose): Promise<CryptoKey> {
  const secret = getConfig().auth.secret;
  const cacheKey = `${purpose}\u0000${secret}`;
  let key = cache.get(cacheKey);
  if (!key) {
    key = crypto.subtle.importKey("raw", deriveKeyBytes(secret, purpose) as BufferSource, { name: "HMAC", hash: "SHA-256" }, false, [
      "sign",
      "verify",
    ]);
    cache.set(cacheKey, key);
  }
  return key;
}
