import "server-only";
import { decodeClientDataJSON } from "@simplewebauthn/server/helpers";

/**
 * The challenge an answer claims to sign (its clientDataJSON's `challenge`), to find the stored one;
 * null when clientDataJSON is not JSON with a string challenge. SimpleWebAuthn then verifies it all.
 */
export function claimedChallenge(clientDataJSON: string): string | null {
  try {
    const { challenge } = decodeClientDataJSON(clientDataJSON);
    return typeof challenge === "string" && /^[A-Za-z0-9_-]{16,200}$/.test(challenge) ? challenge : null;
  } catch {
    return null;
  }
}
