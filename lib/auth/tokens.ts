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

/** The claims of a valid token of this kind, or null for anything else (never throws). */
export async function verifyToken(kind: TokenKindName, token: string): Promise<SessionClaims | null> {
  const { purpose, typ, audience } = kinds[kind];
  try {
    const { payload } = await jwtVerify(token, await signingKey(purpose), {
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
