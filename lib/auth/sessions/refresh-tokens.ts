/**
 * Rotating refresh tokens for mobile clients. A token is 32 random bytes; only its SHA-256 is
 * stored. Each use spends the token and issues the next one in the same family (one family per
 * sign-in). Presenting a spent token means it was copied: the whole family is revoked, so both the
 * thief and the legitimate app must sign in again (OAuth 2.0 Security BCP, refresh token rotation).
 */
import "server-only";
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { getDb } from "@/lib/db/client";
import type { Db } from "@/lib/db/types";
import { Unauthenticated } from "@/lib/errors";
import { getConfig } from "@/lib/env";
import type { User } from "@/lib/db/generated/client";
import { lockUser } from "@/lib/db/locks";
import { consumeAll, defineLimit, FIFTEEN_MINUTES } from "@/lib/rate-limit/limiter";

const TOKEN_PREFIX = "krt_";

const hashRefreshToken = (token: string) => createHash("sha256").update(token, "utf8").digest("hex");

/** Token refreshes per client IP in 15 minutes. A refresh token is a secret: refuses while Redis is away. */
const refreshIpLimit = defineLimit({ name: "refresh-ip", points: () => getConfig().rateLimits.refreshesPerIp, durationSeconds: FIFTEEN_MINUTES });

export async function consumeRefresh(ip: string): Promise<void> {
  await consumeAll([[refreshIpLimit, ip]], "Too many token refreshes. Try again later.");
}

/**
 * The rotation rules, from a token's row: a spent token (used before) is a reuse, whatever else is
 * true of it, because reuse is how a copied token shows; otherwise a revoked or expired token is
 * dead, and only an unused, unrevoked, unexpired one is live.
 */
export function refreshTokenState(row: { usedAt: Date | null; revokedAt: Date | null; expiresAt: Date }, now = Date.now()): "live" | "spent" | "dead" {
  if (row.usedAt) return "spent";
  if (row.revokedAt || row.expiresAt.getTime() <= now) return "dead";
  return "live";
}

export interface IssuedRefreshToken {
  familyId: string;
  token: string;
  expiresAt: Date;
  /** The row's `created_at`: for a family's first token, the sign-in time every access token of the session carries as `auth_time`. */
  createdAt: Date;
}

/**
 * Deletes the user's expired refresh tokens, so that the table holds about one refresh-token
 * lifetime of history per user instead of a row for every rotation forever. Spent tokens are kept
 * while they could still have been valid, because presenting one is how reuse is detected; an
 * expired token is refused whether or not its row exists. A family that is still in use keeps its
 * first token: its creation time is when the user signed in on that device (`auth_time`).
 */
async function pruneExpired(db: Db, userId: number, now: Date): Promise<void> {
  await db.$executeRaw`
    DELETE FROM refresh_tokens t
    WHERE t.user_id = ${userId} AND t.expires_at <= ${now}
      AND (
        NOT EXISTS (SELECT 1 FROM refresh_tokens live WHERE live.family_id = t.family_id AND live.expires_at > ${now})
        OR EXISTS (SELECT 1 FROM refresh_tokens earlier WHERE earlier.family_id = t.family_id AND earlier.id < t.id)
      )`;
}

/** Issues a token in `familyId` (and tidies the user's expired ones away). */
async function insertToken(db: Db, userId: number, familyId: string): Promise<IssuedRefreshToken> {
  const now = Date.now();
  await pruneExpired(db, userId, new Date(now));
  const token = TOKEN_PREFIX + randomBytes(32).toString("base64url");
  const expiresAt = new Date(now + getConfig().auth.refreshTokenTtlSeconds * 1000);
  // Written, not left to the column default: the first access token's auth_time must be the same
  // second as the one every refresh reads back from this row (a later clock reading once crossed a
  // second boundary, and a refreshed token's auth_time moved by one).
  const createdAt = new Date(now);
  await db.refreshToken.create({ data: { familyId, userId, tokenHash: hashRefreshToken(token), expiresAt, createdAt } });
  return { familyId, token, expiresAt, createdAt };
}

/** Starts a new family (a new device signing in). */
export function startRefreshFamily(db: Db, userId: number): Promise<IssuedRefreshToken> {
  return insertToken(db, userId, randomUUID());
}

export interface RotatedRefreshToken extends IssuedRefreshToken {
  userId: number;
  /** The user as of the rotation, read under the user's row lock (current session version). */
  user: User;
  /** When the family began: the time the user signed in on this device. */
  signedInAt: Date;
}

type Outcome = { kind: "rotated"; result: RotatedRefreshToken } | { kind: "reused"; familyId: string; userId: number } | { kind: "invalid" };

/**
/**
 * A spent token was presented again: it was copied. The family has already been revoked (by the
 * session module's `revokeFamily`, inside the rotation's transaction) when this is thrown.
 */
export class RefreshTokenReused extends Unauthenticated {
  constructor(
    readonly familyId: string,
    readonly userId: number,
  ) {
    super("The refresh token is not valid. Sign in again.");
  }
}

/** Revokes a refresh-token family; the session module supplies it (this module only stores and rotates tokens). */
export type RevokeFamily = (tx: Db, family: { familyId: string; userId: number }) => Promise<void>;

/**
 * Spends `token` and returns its successor; any problem is a 401 (RefreshTokenReused for a reuse).
 *
 * Reuse of a spent token is treated as theft: `revokeFamily` runs inside the transaction that holds
 * the user's row lock. Revoking outside it raced sign-outs and other refreshes of the same user
 * (which take that lock first) into deadlocks: 500s under parallel reuse.
 */
export async function rotateRefreshToken(token: string, revokeFamily: RevokeFamily): Promise<RotatedRefreshToken> {
  const reused = async (tx: Db, row: { familyId: string; userId: number }): Promise<Outcome> => {
    await revokeFamily(tx, row);
    return { kind: "reused", familyId: row.familyId, userId: row.userId };
  };
  const db = await getDb();
  const tokenHash = hashRefreshToken(token);
  const outcome = await db.$transaction(async (tx): Promise<Outcome> => {
    const found = await tx.refreshToken.findUnique({ where: { tokenHash }, select: { userId: true } });
    if (!found || !(await lockUser(tx, found.userId))) return { kind: "invalid" };
    // Read again under the lock: a sign-out that committed meanwhile is visible now.
    const row = await tx.refreshToken.findUnique({ where: { tokenHash } });
    if (!row) return { kind: "invalid" };
    const state = refreshTokenState(row);
    if (state === "spent") return reused(tx, row);
    if (state === "dead") return { kind: "invalid" };
    // Only one of two concurrent refreshes with the same token can win; the other is a reuse.
    const claimed = await tx.refreshToken.updateMany({ where: { id: row.id, usedAt: null }, data: { usedAt: new Date() } });
    if (claimed.count !== 1) return reused(tx, row);
    const first = await tx.refreshToken.findFirst({
      where: { familyId: row.familyId },
      orderBy: { id: "asc" },
      select: { createdAt: true },
    });
    const signedOut = await tx.revokedSession.findUnique({ where: { sessionId: row.familyId }, select: { sessionId: true } });
    if (signedOut) return { kind: "invalid" };
    const user = await tx.user.findUniqueOrThrow({ where: { id: row.userId } });
    const next = await insertToken(tx, row.userId, row.familyId);
    return { kind: "rotated", result: { ...next, userId: row.userId, user, signedInAt: first?.createdAt ?? row.createdAt } };
  });

  if (outcome.kind === "rotated") return outcome.result;
  if (outcome.kind === "reused") throw new RefreshTokenReused(outcome.familyId, outcome.userId);
  throw new Unauthenticated("The refresh token is not valid. Sign in again.");
}

/**
 * The family a token belongs to, if the token is known (spent or not), and whether the token is
 * still live (unused, unrevoked, unexpired); for sign-out.
 */
export async function findRefreshFamily(
  db: Db,
  token: string,
): Promise<{ familyId: string; userId: number; live: boolean } | null> {
  const row = await db.refreshToken.findUnique({
    where: { tokenHash: hashRefreshToken(token) },
    select: { familyId: true, userId: true, usedAt: true, revokedAt: true, expiresAt: true },
  });
  if (!row) return null;
  return { familyId: row.familyId, userId: row.userId, live: refreshTokenState(row) === "live" };
}
