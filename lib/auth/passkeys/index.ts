/**
 * Passkeys (WebAuthn) for Keel accounts, with @simplewebauthn/server: adding and managing them
 * (registration.ts, manage.ts) and signing in with them (sign-in.ts), over one relying party
 * (relying-party.ts) and single-use, five-minute challenges kept in the database (challenges.ts).
 * The API's shapes are in schemas.ts. The account rule that the last way to sign in cannot be
 * removed is lib/auth/sign-in-methods.ts, shared with the identity providers.
 */
export { countPasskeys, listPasskeys, removePasskey, renamePasskey } from "./manage";
export { addPasskey, passkeyRegistrationOptions } from "./registration";
export { PASSKEY_NOT_VERIFIED, passkeySignInOptions, signInWithPasskeyForTokens, verifyPasskeySignIn } from "./sign-in";
export * from "./schemas";
