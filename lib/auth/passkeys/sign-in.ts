/**
 * Signing in with a passkey (OpenAPI document: POST /api/v1/auth/passkey/options and
 * /api/v1/auth/passkey/token; the web's NextAuth `passkey` provider calls verifyPasskeySignIn too).
 *
 * Discoverable: the options name no credential, the authenticator offers the person's passkeys for
 * this RP ID and its answer names the credential (and the account's user handle). User verification
 * is required, so the passkey is possession and a gesture or PIN in one: no TOTP code is asked for.
 *
 * Every failure (unknown, spent or expired challenge; unknown credential; wrong origin, RP ID or
 * signature; a counter that went backwards) is the same 401, so an answer says nothing about which
 * credentials exist. The signature counter: an authenticator that counts must count up; a value at
 * or below the stored one means a cloned credential (or a replay) and is refused and logged.
 */
import "server-only";
import { generateAuthenticationOptions, verifyAuthenticationResponse } from "@simplewebauthn/server";
import type { AuthenticationResponseJSON, AuthenticatorTransportFuture, PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/server";
import { getDb } from "@/lib/db/client";
import { Unauthenticated } from "@/lib/errors";
import { describeError, log } from "@/lib/log";
import type { TokenResponse } from "@/lib/auth/dto";
import { userDtoSelect } from "@/lib/users/dto";
import { deviceOf } from "@/lib/auth/credentials/device-tokens";
import { consumePasskeySignIn } from "./rate-limit";
import { startTokenSession, type TokenUser } from "@/lib/auth/sessions/session";
import { CHALLENGE_LIFETIME_SECONDS, spendChallenge, storeChallenge } from "./challenges";
import { claimedChallenge } from "./client-data";
import { relyingParty } from "./relying-party";
import type { PasskeySignInInput } from "./schemas";
import { limitIp, type RequestMeta } from "@/lib/http/request-meta";

export const PASSKEY_NOT_VERIFIED = "The passkey could not be verified. Try again.";

export async function passkeySignInOptions(meta: RequestMeta, requestHeaders: Headers): Promise<{ options: PublicKeyCredentialRequestOptionsJSON; challengeId: string }> {
  await consumePasskeySignIn(limitIp(meta));
  const rp = relyingParty(requestHeaders);
  const options = await generateAuthenticationOptions({ rpID: rp.rpId, userVerification: "required", timeout: CHALLENGE_LIFETIME_SECONDS * 1000 });
  const challengeId = await storeChallenge("authentication", null, options.challenge);
  return { options, challengeId };
}

/**
 * The account a passkey's answer signs in to; Unauthenticated for every kind of failure.
 * `ofUser`: only a passkey of this account will do (re-authentication, reauthenticate.ts); another
 * account's is refused before its signature is checked, so its counter and last use stay as they were.
 */
export async function verifyPasskeySignIn(
  input: Pick<PasskeySignInInput, "challengeId" | "response">,
  meta: RequestMeta,
  requestHeaders: Headers,
  ofUser?: number,
): Promise<TokenUser> {
  await consumePasskeySignIn(limitIp(meta));
  const rp = relyingParty(requestHeaders);
  const { response } = input;
  const challenge = claimedChallenge(response.response.clientDataJSON);
  // Spent first: one answer per challenge, whatever the outcome.
  if (!challenge || !(await spendChallenge(challenge, { purpose: "authentication", id: input.challengeId }))) {
    throw new Unauthenticated(PASSKEY_NOT_VERIFIED);
  }
  const db = await getDb();
  const passkey = await db.passkey.findUnique({
    where: { credentialId: response.id },
    select: {
      id: true,
      userId: true,
      credentialId: true,
      publicKey: true,
      counter: true,
      userHandle: true,
      transports: true,
      user: { select: { ...userDtoSelect, sessionVersion: true } },
    },
  });
  // A discoverable credential answers with the account's handle; it must be the one it was made for.
  if (
    !passkey ||
    (ofUser !== undefined && passkey.userId !== ofUser) ||
    (response.response.userHandle !== undefined && response.response.userHandle !== passkey.userHandle)
  ) {
    throw new Unauthenticated(PASSKEY_NOT_VERIFIED);
  }
  const storedCounter = Number(passkey.counter);
  let verification: Awaited<ReturnType<typeof verifyAuthenticationResponse>>;
  try {
    verification = await verifyAuthenticationResponse({
      response: response as AuthenticationResponseJSON,
      expectedChallenge: challenge,
      expectedOrigin: rp.origins,
      expectedRPID: rp.rpId,
      credential: { id: passkey.credentialId, publicKey: new Uint8Array(passkey.publicKey), counter: storedCounter, transports: (passkey.transports ?? []) as AuthenticatorTransportFuture[] },
      requireUserVerification: true,
    });
  } catch (error) {
    const reason = describeError(error);
    if (/counter value/i.test(reason)) {
      log.warn("passkey refused: its signature counter went backwards (a cloned authenticator, or a replayed answer)", {
        userId: passkey.userId,
        passkeyId: passkey.id,
        reason,
      });
    } else {
      log.info("passkey sign-in refused", { userId: passkey.userId, passkeyId: passkey.id, reason });
    }
    throw new Unauthenticated(PASSKEY_NOT_VERIFIED);
  }
  if (!verification.verified) throw new Unauthenticated(PASSKEY_NOT_VERIFIED);
  const { newCounter, credentialDeviceType, credentialBackedUp } = verification.authenticationInfo;
  // The counter moves only forwards, also when two answers with the same count race each other.
  const { count } = await db.passkey.updateMany({
    where: { id: passkey.id, counter: newCounter === 0 ? 0 : { lt: BigInt(newCounter) } },
    data: { counter: BigInt(newCounter), lastUsedAt: new Date(), deviceType: credentialDeviceType, backedUp: credentialBackedUp },
  });
  if (count === 0) {
    log.warn("passkey refused: its signature counter went backwards (a cloned authenticator, or a replayed answer)", {
      userId: passkey.userId,
      passkeyId: passkey.id,
      reason: `counter ${newCounter} raced another sign-in`,
    });
    throw new Unauthenticated(PASSKEY_NOT_VERIFIED);
  }
  return passkey.user;
}

/** POST /api/v1/auth/passkey/token: the same token pair as a password sign-in, without a second factor. */
export async function signInWithPasskeyForTokens(input: PasskeySignInInput, meta: RequestMeta, requestHeaders: Headers): Promise<TokenResponse> {
  const user = await verifyPasskeySignIn(input, meta, requestHeaders);
  const deviceId = await deviceOf(input.deviceToken, user.id);
  return startTokenSession(user, meta, { newDevice: deviceId === null, refusal: PASSKEY_NOT_VERIFIED });
}
