/**
 * Adding a passkey to the signed-in account (OpenAPI document: POST /api/v1/profile/passkeys/options
 * and POST /api/v1/profile/passkeys; the security page calls the same routes). Discoverable
 * credentials with user verification (the passkey alone signs in, so it must be the person's own
 * gesture or PIN), attestation `none` (Keel trusts the person, not the authenticator's make).
 */
import "server-only";
import { generateRegistrationOptions, verifyRegistrationResponse } from "@simplewebauthn/server";
import type { AuthenticatorTransportFuture, PublicKeyCredentialCreationOptionsJSON, RegistrationResponseJSON } from "@simplewebauthn/server";
import { isoBase64URL } from "@simplewebauthn/server/helpers";
import { getDb } from "@/lib/db/client";
import { uniqueViolationFields } from "@/lib/db/errors";
import { lockUser } from "@/lib/db/locks";
import { Conflict, Unauthenticated, ValidationFailed } from "@/lib/errors";
import { enqueue } from "@/lib/jobs/enqueue";
import { QUEUES } from "@/lib/jobs/queues";
import { describeError, log } from "@/lib/log";
import { recordActivity } from "@/lib/activity/activity";
import type { RequestMeta } from "@/lib/http/request-meta";
import { describeUserAgent } from "@/lib/auth/sessions/user-agent";
import { CHALLENGE_LIFETIME_SECONDS, spendChallenge, storeChallenge } from "./challenges";
import { claimedChallenge } from "./client-data";
import { passkeyDtoSelect, toPasskeyDto } from "./dto";
import { RP_NAME, relyingParty } from "./relying-party";
import type { AddPasskeyInput, PasskeyDto } from "./schemas";
import { userHandleFor } from "./user-handle";

const NOT_VERIFIED = "The passkey could not be verified. Start again with a new request for options.";

export async function passkeyRegistrationOptions(userId: number, requestHeaders: Headers): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const rp = relyingParty(requestHeaders);
  const db = await getDb();
  const user = await db.user.findUnique({
    where: { id: userId },
    select: { username: true, passkeys: { select: { credentialId: true, transports: true } } },
  });
  if (!user) throw new Unauthenticated();
  const options = await generateRegistrationOptions({
    rpName: RP_NAME,
    rpID: rp.rpId,
    userName: user.username,
    userDisplayName: user.username,
    userID: userHandleFor(userId),
    timeout: CHALLENGE_LIFETIME_SECONDS * 1000,
    attestationType: "none",
    // The authenticators that hold one of the account's passkeys already say so instead of making a second.
    excludeCredentials: user.passkeys.map((p) => ({ id: p.credentialId, transports: (p.transports ?? []) as AuthenticatorTransportFuture[] })),
    authenticatorSelection: { residentKey: "required", requireResidentKey: true, userVerification: "required" },
  });
  await storeChallenge("registration", userId, options.challenge);
  return options;
}

/** `requestHeaders`: the origin the authenticator's answer must come from (relying-party.ts). */
export async function addPasskey(userId: number, input: AddPasskeyInput, meta: RequestMeta, requestHeaders: Headers): Promise<PasskeyDto> {
  const rp = relyingParty(requestHeaders);
  const challenge = claimedChallenge(input.response.response.clientDataJSON);
  // Spent before it is checked: a challenge gets one answer, right or wrong.
  if (!challenge || !(await spendChallenge(challenge, { purpose: "registration", userId }))) throw new ValidationFailed(NOT_VERIFIED);
  let verification: Awaited<ReturnType<typeof verifyRegistrationResponse>>;
  try {
    verification = await verifyRegistrationResponse({
      response: input.response as RegistrationResponseJSON,
      expectedChallenge: challenge,
      expectedOrigin: rp.origins,
      expectedRPID: rp.rpId,
      requireUserVerification: true,
    });
  } catch (error) {
    log.info("passkey registration refused", { userId, reason: describeError(error) });
    throw new ValidationFailed(NOT_VERIFIED);
  }
  if (!verification.verified) throw new ValidationFailed(NOT_VERIFIED);
  const { credential, credentialDeviceType, credentialBackedUp } = verification.registrationInfo;
  const name = input.name ?? describeUserAgent(meta.userAgent).slice(0, 100);
  const db = await getDb();
  try {
    return await db.$transaction(async (tx) => {
      // Under the user's lock, like every change of how an account signs in.
      if (!(await lockUser(tx, userId))) throw new Unauthenticated();
      const user = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { username: true, email: true } });
      const row = await tx.passkey.create({
        data: {
          userId,
          credentialId: credential.id,
          publicKey: credential.publicKey,
          counter: BigInt(credential.counter),
          userHandle: isoBase64URL.fromBuffer(userHandleFor(userId)),
          transports: credential.transports ?? [],
          deviceType: credentialDeviceType,
          backedUp: credentialBackedUp,
          name,
        },
        select: passkeyDtoSelect,
      });
      await enqueue(tx, QUEUES.sendEmail, {
        to: user.email,
        message: { template: "passkey-added", username: user.username, name, at: row.createdAt.toISOString() },
      });
      await recordActivity(tx, { userId, type: "passkey_added", meta });
      return toPasskeyDto(row);
    });
  } catch (error) {
    if (uniqueViolationFields(error)) throw new Conflict("This passkey is registered already.");
    throw error;
  }
}
