/**
 * The two kinds of signed tokens Keel issues, both JWTs (HS256) verified without a database:
 *
 * - access tokens for mobile and API clients (`Authorization: Bearer`), short-lived;
 * - the web session cookie's content, issued through NextAuth (see nextauth.ts), with an absolute
 *   lifetime counted from sign-in.
 *
 * Each kind has its own key, `typ` header and audience, so one is never accepted as the other.
 * Verification pins the algorithm (HS256 only: `alg: none` and key-confusion tricks are rejected),
 * and checks issuer, audience, expiry and the shape of the claims. Revocation (session version,
 * signed-out sessions) is checked afterwards against the user row, in session-user.ts.
 */
import "server-only";
import { errors as joseErrors, jwtVerify, SignJWT } from "jose";
import { z } from "zod";
import { type KeyPurpose, signingKey } from "./keys";

const ISSUER = "keel";

/**
 * How far past `exp` a token is still accepted (clock skew between server instances). Revocation
 * entries must outlive a token's `exp` by this much (revocationEntryExpiry in session.ts).
 */
export const CLOCK_TOLERANCE_SECONDS = 5;

interface TokenKind {
  purpose: KeyPurpose;
  typ: string;
  audience: string;
}

const kinds = {
  access: { purpose: "access-token", typ: "at+jwt", audience: "keel-api" },
  session: { purpose: "session-cookie", typ: "keel-session+jwt", audience: "keel-web" },
} as const satisfies Record<string, TokenKind>;

export type TokenKindName = keyof typeof kinds;

/** What a token says about its holder. */
export interface SessionClaims {
  userId: number;
  /** users.session_version when the session began; a bump revokes the token. */
  sessionVersion: number;
  /** One id per sign-in (device); signing out that device revokes it. */
  sessionId: string;
  /** Seconds since epoch when the user signed in. */
  authTime: number;
  /** Seconds since epoch when the token expires. */
  expiresAt: number;
}

const payloadSchema = z.object({
  sub: z.string().regex(/^[1-9][0-9]{0,9}$/),
  sv: z.number().int().min(0),
  sid: z.uuid(),
  auth_time: z.number().int().positive(),
  exp: z.number().int().positive(),
});

export async function signToken(
  kind: TokenKindName,
  claims: Omit<SessionClaims, "expiresAt">,
  expiresAt: number,
): Promise<string> {
  const { purpose, typ, audience } = kinds[kind];
  return new SignJWT({ sv: claims.sessionVersion, sid: claims.sessionId, auth_time: claims.authTime })
    .setProtectedHeader({ alg: "HS256", typ })
    .setSubject(String(claims.userId))
    .setIssuer(ISSUER)
    .setAudience(audience)
    .setIssuedAt()
    .setExpirationTime(expiresAt)
    .sign(await signingKey(purpose));
}

/**
 * Tokens that jose has verified, with their claims, so that the same token is verified once rather
 * than on every request it comes with. Why: jose verifies through WebCrypto, and on Node 20 each
 * `crypto.subtle.verify` is an asynchronous crypto job that cost about 0.28 ms of CPU per request in
 * a CPU profile of `GET /api/v1/profile` under load (5.4% of the process, about a fifth of what the
 * route costs beyond the constant route; docs/performance.md); a client sends the same access token
 * or cookie with every request until it expires.
 *
 * What a hit skips is only the signature check of the very same bytes under the same key (the key
 * is fixed for the process's life: AUTH_SECRET is read at start-up), so the answer cannot differ.
 * Expiry is checked again on every hit, with the same tolerance jose applies; revocation was never
 * decided here (session-user.ts checks the user's row on every request, cached or not). Only
 * successes are kept, so invalid tokens cannot fill it; it holds the most recently used tokens up to
 * a bound (a few MB at most).
 */
const verifiedByKey = new WeakMap<CryptoKey, Map<string, SessionClaims>>();
const VERIFIED_TOKENS_KEPT = 4096;

function recall(verified: Map<string, SessionClaims>, token: string): SessionClaims | undefined {
  const claims = verified.get(token);
  if (!claims) return undefined;
  verified.delete(token);
  // jose refuses a token once exp <= now - tolerance; so does a hit.
  if (claims.expiresAt <= nowInSeconds() - CLOCK_TOLERANCE_SECONDS) return undefined;
  verified.set(token, claims); // most recently used last, so the bound drops the least recently used
  return claims;
}

/** The claims of a valid token of this kind, or null for anything else (never throws). */
export async function verifyToken(kind: TokenKindName, token: string): Promise<SessionClaims | null> {
  // One cache per key: a token is remembered as verified under the key that verified it, and each
  // kind has its own key, so a token of one kind is never found under another.
  const key = await signingKey(kinds[kind].purpose);
  let verified = verifiedByKey.get(key);
  if (!verified) verifiedByKey.set(key, (verified = new Map()));
  const known = recall(verified, token);
  if (known) return { ...known };
  const claims = await verifyWithJose(kind, key, token);
  if (claims) {
    if (verified.size >= VERIFIED_TOKENS_KEPT) verified.delete(verified.keys().next().value!);
    verified.set(token, { ...claims });
  }
  return claims;
}

async function verifyWithJose(kind: TokenKindName, key: CryptoKey, token: string): Promise<SessionClaims | null> {
  const { typ, audience } = kinds[kind];
  try {
    const { payload } = await jwtVerify(token, key, {
      algorithms: ["HS256"],
      issuer: ISSUER,
      audience,
      typ,
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
    });
    const parsed = payloadSchema.safeParse(payload);
    if (!parsed.success) return null;
    const { sub, sv, sid, auth_time, exp } = parsed.data;
    return { userId: Number(sub), sessionVersion: sv, sessionId: sid, authTime: auth_time, expiresAt: exp };
  } catch (error) {
    if (error instanceof joseErrors.JOSEError || error instanceof TypeError) return null;
    throw error;
  }
}

export const nowInSeconds = () => Math.floor(Date.now() / 1000);
