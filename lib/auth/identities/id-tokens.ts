/**
 * Verifying an OpenID Connect ID token that a mobile app obtained from the identity provider itself
 * (Authorization Code + PKCE in the app, AppAuth-style) and sends to POST /api/v1/auth/oidc/token.
 *
 * `jose` does the cryptography and the claim checks; this module only configures it:
 * - the keys: the issuer's JWKS, found through its discovery document and fetched with
 *   createRemoteJWKSet, which caches them, fetches them again when a token names a `kid` it does not
 *   know (the provider rotated its keys) and at most once per cooldown, so tokens with made-up kids
 *   cannot turn this server into a flood against the provider;
 * - the algorithms: an allow-list of asymmetric ones. Never `none`, and never HMAC: an HS256 token
 *   "signed" with a public key must not pass;
 * - `iss` exactly the configured issuer; `aud` the web client or one of the mobile clients (and
 *   `azp`, when the token names one, also one of them); `exp`, `iat` (not in the future, not older
 *   than MAX_TOKEN_AGE) with a small clock tolerance; `nonce` when the app sent one.
 * Every refusal is the same 401; what was wrong goes only to the log.
 */
import "server-only";
import { createHash, timingSafeEqual } from "node:crypto";
import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload } from "jose";
import { Unauthenticated, Unavailable, ValidationFailed } from "@/lib/errors";
import { getConfig } from "@/lib/env";
import { log } from "@/lib/log";
import { processState } from "@/lib/process-singleton";

/** Asymmetric JWS algorithms accepted for ID tokens (RFC 7518, RFC 8037). */
export const ID_TOKEN_ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"];
/** Clock difference tolerated between this server and the provider, for `exp` and `iat`. */
export const ID_TOKEN_CLOCK_TOLERANCE_SECONDS = 30;
/** An ID token is exchanged right after the app receives it: an older one is refused even if its `exp` is later. */
export const ID_TOKEN_MAX_AGE_SECONDS = 10 * 60;
/** At most one JWKS refetch per this long for unknown `kid`s. */
const JWKS_COOLDOWN_MS = 30_000;
/** Keys are fetched again after this long even when every `kid` is known (revoked keys disappear). */
const JWKS_MAX_AGE_MS = 10 * 60_000;
const FETCH_TIMEOUT_MS = 5_000;

export const INVALID_ID_TOKEN = "The ID token is not valid. Sign in with the identity provider again.";

/** The claims of a verified ID token that Keel uses. */
export interface IdTokenClaims {
  sub: string;
  email: string | null;
  emailVerified: boolean;
  preferredUsername: string | null;
  name: string | null;
}

type RemoteKeys = ReturnType<typeof createRemoteJWKSet>;
const state = processState("auth:issuer-keys", (): { current?: { issuer: string; keys: Promise<RemoteKeys> } } => ({}));

/**
 * The issuer's key set, from its discovery document (fetched once per process; on failure, again at
 * the next request). The document must name the configured issuer (OpenID Connect Discovery 4.3).
 */
function issuerKeys(issuer: string): Promise<RemoteKeys> {
  if (state.current?.issuer !== issuer) {
    const keys = (async () => {
      const url = `${issuer.replace(/\/+$/, "")}/.well-known/openid-configuration`;
      const response = await fetch(url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS), redirect: "error" });
      if (!response.ok) throw new Error(`discovery answered ${response.status}`);
      const metadata = (await response.json()) as { issuer?: unknown; jwks_uri?: unknown };
      if (metadata.issuer !== issuer) throw new Error(`discovery names issuer ${String(metadata.issuer)}, not ${issuer}`);
      if (typeof metadata.jwks_uri !== "string" || !URL.canParse(metadata.jwks_uri)) throw new Error("discovery has no valid jwks_uri");
      return createRemoteJWKSet(new URL(metadata.jwks_uri), {
        cooldownDuration: JWKS_COOLDOWN_MS,
        cacheMaxAge: JWKS_MAX_AGE_MS,
        timeoutDuration: FETCH_TIMEOUT_MS,
      });
    })();
    state.current = { issuer, keys };
    keys.catch(() => {
      if (state.current?.keys === keys) state.current = undefined;
    });
  }
  return state.current.keys;
}

/** The provider could not be asked (network, timeout, a broken key set): not the token's fault. */
function isProviderFailure(error: unknown): boolean {
  if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid) return true;
  if (error instanceof errors.JOSEError) return error.code === "ERR_JOSE_GENERIC";
  return true;
}

function sameText(a: string, b: string): boolean {
  // Hashed first: timingSafeEqual needs equal lengths, and the nonce's length is no secret anyway.
  return timingSafeEqual(createHash("sha256").update(a).digest(), createHash("sha256").update(b).digest());
}

const text = (value: unknown, max: number) => (typeof value === "string" && value.length > 0 && value.length <= max ? value : null);

/** Verifies the ID token for the configured OpenID Connect provider, or throws the 401. */
export async function verifyIdToken(idToken: string, nonce?: string): Promise<IdTokenClaims> {
  const oidc = getConfig().identityProviders.oidc;
  const audiences = [...(oidc?.clientId ? [oidc.clientId] : []), ...(oidc?.mobileClientIds ?? [])];
  if (!oidc || audiences.length === 0) {
    throw new ValidationFailed("The request is not valid.", { provider: ["This identity provider is not configured on this server."] });
  }
  let keys: RemoteKeys;
  try {
    keys = await issuerKeys(oidc.issuer);
  } catch (error) {
    log.error("identity provider discovery failed", error instanceof Error ? error : undefined);
    throw new Unavailable("The identity provider cannot be reached. Try again shortly.");
  }
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(idToken, keys, {
      issuer: oidc.issuer,
      audience: audiences,
      algorithms: ID_TOKEN_ALGORITHMS,
      clockTolerance: ID_TOKEN_CLOCK_TOLERANCE_SECONDS,
      maxTokenAge: ID_TOKEN_MAX_AGE_SECONDS,
      requiredClaims: ["sub", "iat", "exp"],
    }));
  } catch (error) {
    if (isProviderFailure(error)) {
      log.error("identity provider keys could not be fetched", error instanceof Error ? error : undefined);
      throw new Unavailable("The identity provider cannot be reached. Try again shortly.");
    }
    log.info("ID token refused", { reason: error instanceof errors.JOSEError ? error.code : "unknown" });
    throw new Unauthenticated(INVALID_ID_TOKEN);
  }
  // A token for several audiences names the client it was issued to (OIDC Core 3.1.3.7): one of ours.
  if (payload.azp !== undefined && (typeof payload.azp !== "string" || !audiences.includes(payload.azp))) {
    log.info("ID token refused", { reason: "azp" });
    throw new Unauthenticated(INVALID_ID_TOKEN);
  }
  if (nonce !== undefined && (typeof payload.nonce !== "string" || !sameText(payload.nonce, nonce))) {
    log.info("ID token refused", { reason: "nonce" });
    throw new Unauthenticated(INVALID_ID_TOKEN);
  }
  const sub = text(payload.sub, 255);
  if (!sub) throw new Unauthenticated(INVALID_ID_TOKEN);
  return {
    sub,
    email: text(payload.email, 254),
    // Some providers send the string "true"; only an explicit yes counts.
    emailVerified: payload.email_verified === true || payload.email_verified === "true",
    preferredUsername: text(payload.preferred_username, 200),
    name: text(payload.name, 200),
  };
}
