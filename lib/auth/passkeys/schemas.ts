/**
 * What the passkey routes take and give (OpenAPI document: Profile /api/v1/profile/passkeys*, Auth
 * /api/v1/auth/passkey/*). The authenticator's answers are the JSON that @simplewebauthn/browser
 * (and the Android and iOS credential APIs, in the same W3C shape) produce; the fields the server
 * reads are checked here for type and size, and SimpleWebAuthn verifies their content.
 */
import { z } from "zod";
import { MAX_DEVICE_TOKEN_LENGTH } from "@/lib/auth/schemas";

const base64url = (max: number) =>
  z
    .string({ error: "Must be base64url text." })
    .min(1, "Must not be empty.")
    .max(max, "Too long.")
    .regex(/^[A-Za-z0-9_-]+$/, "Must be base64url text.");

// WebAuthn allows credential ids up to 1023 bytes (1364 base64url characters).
const credentialId = base64url(1400);
const clientDataJSON = base64url(8_192);
const authenticatorData = base64url(8_192);

/** Unknown transports are ignored, not refused: the list grows (hybrid, smart-card) and only hints. */
const KNOWN_TRANSPORTS = ["ble", "cable", "hybrid", "internal", "nfc", "smart-card", "usb"] as const;
export type Transport = (typeof KNOWN_TRANSPORTS)[number];
const transports = z
  .array(z.string().max(20))
  .max(10)
  .transform((list) => list.filter((t): t is Transport => (KNOWN_TRANSPORTS as readonly string[]).includes(t)));

const common = {
  id: credentialId,
  rawId: credentialId,
  type: z.literal("public-key", { error: 'The type must be "public-key".' }),
  authenticatorAttachment: z.enum(["platform", "cross-platform"]).optional(),
  // Extension outputs are not used; accepted as they come, within the body's size and depth limits.
  clientExtensionResults: z.looseObject({}).default({}),
};

/** navigator.credentials.create()'s answer (RegistrationResponseJSON). */
export const registrationResponseSchema = z
  .object({
    ...common,
    response: z.object({
      clientDataJSON,
      attestationObject: base64url(65_536),
      authenticatorData: authenticatorData.optional(),
      transports: transports.optional(),
      publicKeyAlgorithm: z.int().optional(),
      publicKey: base64url(8_192).optional(),
    }),
  })
  .meta({ id: "PasskeyRegistrationResponse", description: "The authenticator's answer, as `startRegistration()` of @simplewebauthn/browser returns it (W3C RegistrationResponseJSON)." });

/** navigator.credentials.get()'s answer (AuthenticationResponseJSON). */
export const authenticationResponseSchema = z
  .object({
    ...common,
    response: z.object({
      clientDataJSON,
      authenticatorData,
      signature: base64url(2_048),
      userHandle: base64url(128).optional(),
    }),
  })
  .meta({ id: "PasskeyAuthenticationResponse", description: "The authenticator's answer, as `startAuthentication()` of @simplewebauthn/browser returns it (W3C AuthenticationResponseJSON)." });

export const passkeyNameSchema = z
  .string({ error: "The name must be text." })
  .trim()
  .min(1, "Give the passkey a name.")
  .max(100, "At most 100 characters.")
  .regex(/^[^\p{Cc}\p{Cf}]*$/u, "The name cannot contain control characters.");

export const addPasskeySchema = z
  .strictObject({
    response: registrationResponseSchema,
    name: passkeyNameSchema.optional().meta({ description: "How the passkey is listed (default: the browser and system it was made on)." }),
  })
  .meta({ id: "AddPasskeyRequest" });
export type AddPasskeyInput = z.output<typeof addPasskeySchema>;

export const renamePasskeySchema = z.strictObject({ name: passkeyNameSchema }).meta({ id: "RenamePasskeyRequest", example: { name: "Work laptop" } });

const challengeId = z.uuid({ error: "That is not a challenge id." }).meta({ description: "From POST /api/v1/auth/passkey/options." });

/**
 * A fresh answer of one of the caller's passkeys, to confirm a sensitive change (deleting the
 * account) as a password would: options from POST /api/v1/auth/passkey/options, answered with
 * user verification. The account need not have a password.
 */
export const passkeyAssertionSchema = z
  .strictObject({ challengeId, response: authenticationResponseSchema })
  .meta({ id: "PasskeyAssertion", description: "Options from POST /api/v1/auth/passkey/options, answered by one of your passkeys (`startAuthentication()`)." });
export type PasskeyAssertionInput = z.output<typeof passkeyAssertionSchema>;

export const passkeySignInSchema = z
  .strictObject({
    challengeId,
    response: authenticationResponseSchema,
    deviceToken: z
      .string({ error: "The device token must be text." })
      .max(MAX_DEVICE_TOKEN_LENGTH, "That is not a device token.")
      .optional()
      .meta({ description: "The `deviceToken` of this app's last sign-in response, as for POST /api/v1/auth/token: a known device is not reported as new." }),
  })
  .meta({ id: "PasskeyTokenRequest" });
export type PasskeySignInInput = z.output<typeof passkeySignInSchema>;

/** One passkey as the API shows it (no key material, no credential id). */
export const passkeySchema = z
  .strictObject({
    id: z.int().positive(),
    name: z.string().meta({ example: "MacBook" }),
    createdAt: z.iso.datetime(),
    lastUsedAt: z.iso.datetime().nullable().meta({ description: "The last sign-in with it; null: not used yet." }),
    deviceType: z.enum(["singleDevice", "multiDevice"]).meta({ description: "multiDevice: a synced passkey (iCloud Keychain, Google Password Manager)." }),
    backedUp: z.boolean().meta({ description: "The passkey is backed up (synced) by its provider." }),
  })
  .meta({ id: "Passkey" });
export type PasskeyDto = z.output<typeof passkeySchema>;

export const passkeyResponseSchema = z.strictObject({ passkey: passkeySchema }).meta({ id: "PasskeyResponse" });
export const passkeyListSchema = z.strictObject({ items: z.array(passkeySchema) }).meta({ id: "PasskeyList" });

export const registrationOptionsResponseSchema = z
  .strictObject({
    options: z.looseObject({}).meta({
      description: "PublicKeyCredentialCreationOptionsJSON: pass it to `startRegistration({ optionsJSON })` (or the platform's credential API). Resident key and user verification required.",
    }),
  })
  .meta({ id: "PasskeyRegistrationOptions" });

export const authenticationOptionsResponseSchema = z
  .strictObject({
    options: z.looseObject({}).meta({
      description: "PublicKeyCredentialRequestOptionsJSON without allowCredentials (the passkey names the account): pass it to `startAuthentication({ optionsJSON })`.",
    }),
    challengeId: z.uuid().meta({ description: "Send it back with the answer to POST /api/v1/auth/passkey/token." }),
  })
  .meta({ id: "PasskeyAuthenticationOptions" });
