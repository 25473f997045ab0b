/**
 * Encryption at rest of TOTP secrets (lib/sealed-secrets.ts), under labels of their own.
 */
import "server-only";
import { secretSealer, type SealedSecret } from "@/lib/sealed-secrets";

export { CURRENT_KEY_ID } from "@/lib/sealed-secrets";

const sealer = secretSealer({ name: "two-factor", keyLabel: "keel/two-factor-secret", userLabel: "keel/two-factor/user" });

export function encryptSecret(userId: number, secret: string): SealedSecret {
  return sealer.seal(userId, secret);
}

export function decryptSecret(userId: number, stored: SealedSecret): string {
  return sealer.open(userId, stored);
}
