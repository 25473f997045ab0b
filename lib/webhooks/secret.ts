/**
 * Webhook signing secrets: `whsec_` + base64 of 32 random bytes, the Standard Webhooks format the
 * `standardwebhooks` package (ours and the receiver's) reads. Keel must read it back to sign, so it
 * cannot be hashed: it is stored sealed (lib/sealed-secrets.ts: AES-256-GCM under a key derived from
 * AUTH_SECRET, labels of its own), bound to its owner so a ciphertext copied to another account's row does not decrypt.
 */
import "server-only";
import { randomBytes } from "node:crypto";
import { secretSealer } from "@/lib/sealed-secrets";

export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString("base64")}`;
}

const sealer = secretSealer({ name: "webhook", keyLabel: "keel/webhook-secret", userLabel: "keel/webhook-secret/user" });

/** The columns of a webhook's row (`secret`, `secretKeyId`). */
export function sealSecret(userId: number, secret: string): { secret: string; secretKeyId: string } {
  const sealed = sealer.seal(userId, secret);
  return { secret: sealed.ciphertext, secretKeyId: sealed.keyId };
}

export function openSecret(userId: number, stored: { secret: string; secretKeyId: string }): string {
  return sealer.open(userId, { ciphertext: stored.secret, keyId: stored.secretKeyId });
}
