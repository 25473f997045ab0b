/**
 * Confirming a sensitive change with a passkey instead of the password (account deletion): the
 * answer must be fresh (a challenge of POST /api/v1/auth/passkey/options, single-use, 5 minutes),
 * user-verified, and from one of the caller's own passkeys. An account that signs in with passkeys
 * only has no password to confirm with; a passkey with user verification is the stronger proof anyway.
 *
 * The same checks as a passkey sign-in (sign-in.ts), with its per-IP limit: a stolen session cannot
 * use this to try answers faster than a sign-in could. A refusal is a field error, not a 401: the
 * caller's session is fine, the confirmation is not.
 */
import "server-only";
import { Unauthenticated, ValidationFailed } from "@/lib/errors";
import type { PasskeyAssertionInput } from "./schemas";
import { PASSKEY_NOT_VERIFIED, verifyPasskeySignIn } from "./sign-in";
import type { RequestMeta } from "@/lib/http/request-meta";

export async function confirmPasskey(userId: number, assertion: PasskeyAssertionInput, meta: RequestMeta, requestHeaders: Headers, field: string): Promise<void> {
  try {
    await verifyPasskeySignIn(assertion, meta, requestHeaders, userId);
  } catch (error) {
    if (error instanceof Unauthenticated) throw new ValidationFailed(PASSKEY_NOT_VERIFIED, { [field]: [PASSKEY_NOT_VERIFIED] });
    throw error;
  }
}
