import "server-only";
import { createHmac } from "node:crypto";
import { getConfig } from "@/lib/env";

/**
 * The user handle given to authenticators for an account: stable per account (so a new passkey on
 * the same authenticator replaces the old one for this account) and meaningless outside Keel (no
 * id or name, as WebAuthn asks). Each passkey row keeps the handle it was made with, so a rotated
 * AUTH_SECRET changes only the handle of passkeys made afterwards.
 */
export function userHandleFor(userId: number): Uint8Array<ArrayBuffer> {
  const digest = createHmac("sha256", getConfig().auth.secret).update(`keel passkey user handle ${userId}`).digest();
  return new Uint8Array(digest);
}
