/**
 * Webhook signing secrets: `whsec_` + base64 of 32 random bytes, the Standard Webhooks format the
 * `standardwebhooks` package (ours and the receiver's) reads. Keel must read it back to sign, so it
 * cannot be hashed: it is stored AES-256-GCM encrypted under a key derived from AUTH_SECRET (HKDF,
 * a label of its own), bound to its owner so a ciphertext copied to another account's row does not decrypt.
 */
import "server-only";
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { getConfig } from "@/lib/env";

export const CURRENT_KEY_ID = "v1";

export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString("base64")}`;
}

function key(keyId: string): Buffer {
  if (keyId !== CURRENT_KEY_ID) throw new Error(`unknown webhook secret key id ${JSON.stringify(keyId)}`);
  return Buffer.from(hkdfSync("sha256", getConfig().auth.secret, "keel", `keel/webhook-secret/${keyId}`, 32));
}

const aad = (userId: number) => Buffer.from(`keel/webhook-secret/user:${userId}`);

export function sealSecret(userId: number, secret: string): { secret: string; secretKeyId: string } {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key(CURRENT_KEY_ID), iv);
  cipher.setAAD(aad(userId));
  const body = Buffer.concat([cipher.update(secret, "utf8"), cipher.final()]);
  return { secret: [iv, cipher.getAuthTag(), body].map((part) => part.toString("base64url")).join("."), secretKeyId: CURRENT_KEY_ID };
}

export function openSecret(userId: number, stored: { secret: string; secretKeyId: string }): string {
  const [iv, tag, body] = stored.secret.split(".").map((part) => Buffer.from(part, "base64url"));
  if (!iv || !tag || !body) throw new Error("malformed webhook secret");
  const decipher = createDecipheriv("aes-256-gcm", key(stored.secretKeyId), iv);
  decipher.setAAD(aad(userId));
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(body), decipher.final()]).toString("utf8");
}
