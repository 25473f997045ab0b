/**
 * Encryption at rest of secrets Keel must read back (TOTP secrets, webhook signing secrets):
 * AES-256-GCM under a key derived from AUTH_SECRET with HKDF, a label per purpose (so it is never
 * the key of a token, nor of another purpose). The stored value names its key id, so a new
 * derivation (a new label version, or a future second secret) can be introduced while values sealed
 * under the old one still open; the additional data binds a ciphertext to its user, so a value
 * copied onto another account's row does not open.
 *
 * Node's crypto does this well; no library adds anything here. One implementation for both
 * purposes (issue 26: two-factor and webhooks each had a copy); each keeps its own labels, so what
 * is stored already still opens.
 */
import "server-only";
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { getConfig } from "@/lib/env";

/** The key id new values are sealed under. */
export const CURRENT_KEY_ID = "v1";

export interface SealedSecret {
  /** `iv.tag.body`, each base64url. */
  ciphertext: string;
  keyId: string;
}

export interface SecretPurpose {
  /** For error messages: "two-factor", "webhook secret". */
  name: string;
  /** HKDF info, before `/<keyId>`. */
  keyLabel: string;
  /** Additional data, before `:<userId>`. */
  userLabel: string;
}

export function secretSealer({ name, keyLabel, userLabel }: SecretPurpose) {
  const key = (keyId: string): Buffer => {
    if (keyId !== CURRENT_KEY_ID) throw new Error(`unknown ${name} key id ${JSON.stringify(keyId)}`);
    return Buffer.from(hkdfSync("sha256", getConfig().auth.secret, "keel", `${keyLabel}/${keyId}`, 32));
  };
  const aad = (userId: number) => Buffer.from(`${userLabel}:${userId}`);
  return {
    seal(userId: number, secret: string): SealedSecret {
      const iv = randomBytes(12);
      const cipher = createCipheriv("aes-256-gcm", key(CURRENT_KEY_ID), iv);
      cipher.setAAD(aad(userId));
      const body = Buffer.concat([cipher.update(secret, "utf8"), cipher.final()]);
      return { ciphertext: [iv, cipher.getAuthTag(), body].map((part) => part.toString("base64url")).join("."), keyId: CURRENT_KEY_ID };
    },
    open(userId: number, stored: SealedSecret): string {
      const [iv, tag, body] = stored.ciphertext.split(".").map((part) => Buffer.from(part, "base64url"));
      if (!iv || !tag || !body) throw new Error(`malformed ${name} secret`);
      const decipher = createDecipheriv("aes-256-gcm", key(stored.keyId), iv);
      decipher.setAAD(aad(userId));
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(body), decipher.final()]).toString("utf8");
    },
  };
}
