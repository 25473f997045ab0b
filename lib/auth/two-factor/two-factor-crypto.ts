/**
 * Encryption at rest of TOTP secrets: AES-256-GCM under a key derived from AUTH_SECRET with HKDF
 * (a label of its own, so it is never the key of a token). The stored value names its key id, so a
 * new derivation (a new label version, or a future second secret) can be introduced while secrets
 * encrypted under the old one still decrypt; the additional data binds a ciphertext to its user, so
 * a secret copied onto another account's row does not decrypt.
 *
 * Node's crypto does this well; no library adds anything here.
 */
import "server-only";
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { getConfig } from "@/lib/env";

/** The key new secrets are encrypted under. */
export const CURRENT_KEY_ID = "v1";

function key(keyId: string): Buffer {
  if (keyId !== CURRENT_KEY_ID) throw new Error(`unknown two-factor key id ${JSON.stringify(keyId)}`);
  return Buffer.from(hkdfSync("sha256", getConfig().auth.secret, "keel", `keel/two-factor-secret/${keyId}`, 32));
}

const aad = (userId: number) => Buffer.from(`keel/two-factor/user:${userId}`);

export function encryptSecret(userId: number, secret: string): { ciphertext: string; keyId: string } {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key(CURRENT_KEY_ID), iv);
  cipher.setAAD(aad(userId));
  const body = Buffer.concat([cipher.update(secret, "utf8"), cipher.final()]);
  const ciphertext = [iv, cipher.getAuthTag(), body].map((part) => part.toString("base64url")).join(".");
  return { ciphertext, keyId: CURRENT_KEY_ID };
}

export function decryptSecret(userId: number, stored: { ciphertext: string; keyId: string }): string {
  const [iv, tag, body] = stored.ciphertext.split(".").map((part) => Buffer.from(part, "base64url"));
  if (!iv || !tag || !body) throw new Error("malformed two-factor secret");
  const decipher = createDecipheriv("aes-256-gcm", key(stored.keyId), iv);
  decipher.setAAD(aad(userId));
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(body), decipher.final()]).toString("utf8");
}
