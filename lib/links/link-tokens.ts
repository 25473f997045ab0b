/**
 * The one-time tokens that links in e-mails carry: `${APP_URL}/reset-password?token=` (30 minutes)
 * and `${APP_URL}/verify-email?token=` (24 hours).
 *
 * - A token is 32 random bytes, base64url (43 characters of [A-Za-z0-9_-]); only its SHA-256 is
 *   stored. It is minted by the send-email job when the e-mail is rendered, never in the request and
 *   never in the job's data (which sits in the database in clear): `issuedBy` is the job, and a job
 *   that runs again replaces its own token rather than adding one.
 * - A reset link is bound to the credentials of the moment it was asked for: when the account's
 *   session version moved on meanwhile (password changed or reset, signed out everywhere), the job
 *   mints nothing and sends nothing, and a change after minting deletes the token (voidLinkTokens).
 * - It is bound to the address the e-mail went to: once the account has another address, the link
 *   is void (a verification link must prove the current address; a reset link must not reach an
 *   account through an address it gave up).
 * - It is looked up by its hash and then compared in constant time. A lookup by hash leaks nothing
 *   useful through timing: the index walk depends on the hash of the guess, which says nothing
 *   about the hash of any real token.
 * - Spent tokens are deleted; expired ones are deleted whenever the account is issued a new one.
 * - Tokens never appear in logs (nothing here logs; the mail transports log no bodies).
 */
import "server-only";
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { getDb } from "@/lib/db/client";
import { lockUser } from "@/lib/db/locks";
import type { Db } from "@/lib/db/types";
import { getConfig } from "@/lib/env";
import { InvalidToken, RateLimited } from "@/lib/errors";
import { consume, defineLimit, FIFTEEN_MINUTES, retryAfter } from "@/lib/rate-limit/limiter";
import { LINK_LIFETIME_SECONDS, type LinkTokenPurpose } from "./links";

/** What a token can look like; anything else is refused without a database round trip. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

const hashOf = (token: string) => createHash("sha256").update(token, "utf8").digest("hex");

export interface LinkTokenRequest {
  /** The send-email job's delivery key. */
  issuedBy: string;
  purpose: LinkTokenPurpose;
  userId: number;
  /** The address the e-mail goes to, and the only one the token will be good for. */
  email: string;
  /** The account's session version when the link was asked for (see oneTimeLinkSchema). */
  sessionVersion?: number;
}

/**
 * Mints the token for one e-mail, or returns null when there is nothing to link to any more: the
 * account is gone, its address is no longer the one the e-mail goes to, or (for verification) the
 * address is already verified.
 */
export async function mintLinkToken(request: LinkTokenRequest): Promise<string | null> {
  const db = await getDb();
  const token = randomBytes(32).toString("base64url");
  const now = new Date();
  const expiresAt = new Date(now.getTime() + LINK_LIFETIME_SECONDS[request.purpose] * 1000);
  return db.$transaction(async (tx) => {
    // Under the user's row lock: a password change commits either before this (and the version
    // below differs) or after it (and its voidLinkTokens sees and deletes the token minted here).
    if (!(await lockUser(tx, request.userId))) return null;
    const user = await tx.user.findUnique({ where: { id: request.userId }, select: { email: true, emailVerifiedAt: true, sessionVersion: true } });
    if (!user || user.email.toLowerCase() !== request.email.toLowerCase()) return null;
    // A reset link asked for before a credential change must not be minted after it.
    if (request.purpose === "PASSWORD_RESET" && request.sessionVersion !== undefined && user.sessionVersion !== request.sessionVersion) return null;
    if (request.purpose === "EMAIL_VERIFICATION" && user.emailVerifiedAt) return null;
    // Expired tokens protect nothing: tidied away whenever the account is issued a new one.
    await tx.linkToken.deleteMany({ where: { userId: request.userId, expiresAt: { lte: now } } });
    const fields = { tokenHash: hashOf(token), createdAt: now, expiresAt };
    await tx.linkToken.upsert({
      where: { issuedBy: request.issuedBy },
      create: { ...fields, issuedBy: request.issuedBy, purpose: request.purpose, userId: request.userId, email: request.email },
      update: fields,
    });
    return token;
  });
}

export interface LiveLinkToken {
  id: number;
  userId: number;
  email: string;
}

/**
 * The live token of this purpose, or null: unknown, of another purpose, expired, or for an address
 * the account no longer has. Spending it is the caller's (`spendLinkToken`, inside its transaction).
 */
export async function findLinkToken(db: Db, purpose: LinkTokenPurpose, token: string): Promise<LiveLinkToken | null> {
  if (!TOKEN_PATTERN.test(token)) return null;
  const hash = hashOf(token);
  const row = await db.linkToken.findUnique({
    where: { tokenHash: hash },
    select: { id: true, userId: true, purpose: true, email: true, tokenHash: true, expiresAt: true, user: { select: { email: true } } },
  });
  if (!row) return null;
  if (!timingSafeEqual(Buffer.from(row.tokenHash, "hex"), Buffer.from(hash, "hex"))) return null;
  if (row.purpose !== purpose || row.expiresAt.getTime() <= Date.now()) return null;
  if (row.user.email.toLowerCase() !== row.email.toLowerCase()) return null;
  return { id: row.id, userId: row.userId, email: row.email };
}

/**
 * Spends a token found by `findLinkToken`, inside the transaction that acts on it: true for exactly
 * one of several requests racing with the same token, false when it was spent or expired meanwhile.
 */
export async function spendLinkToken(tx: Db, token: LiveLinkToken): Promise<boolean> {
  const spent = await tx.linkToken.deleteMany({ where: { id: token.id, expiresAt: { gt: new Date() } } });
  return spent.count === 1;
}

/** Voids every outstanding token of this purpose of the account (all of them without a purpose). */
export async function voidLinkTokens(tx: Db, userId: number, purpose?: LinkTokenPurpose): Promise<void> {
  await tx.linkToken.deleteMany({ where: { userId, ...(purpose ? { purpose } : {}) } });
}

/**
 * Unknown, spent or expired link tokens per client IP in 15 minutes. A token is 256 random bits, so
 * guessing is hopeless anyway; the limit keeps a scanner from turning the routes into load. It
 * guards a secret, so it refuses while Redis is away.
 */
const linkTokenIpLimit = defineLimit({ name: "link-token-ip", points: () => getConfig().rateLimits.linkTokenFailuresPerIp, durationSeconds: FIFTEEN_MINUTES });

/**
 * Reserves one failure against the client IP before a link token is checked (so concurrent guesses
 * cannot all pass a check made before any failed); `linkTokenAccepted` gives it back.
 */
export async function reserveLinkTokenAttempt(ip: string): Promise<void> {
  const limiter = await linkTokenIpLimit();
  const rejected = await consume(limiter, ip);
  if (rejected) {
    await limiter.reward(ip, 1);
    throw new RateLimited(retryAfter(rejected), "Too many invalid links. Try again later.");
  }
}

export async function linkTokenAccepted(ip: string): Promise<void> {
  await (await linkTokenIpLimit()).reward(ip, 1);
}

/**
 * A presented link token (a reset or verification link), under the per-IP failure limit: the live
 * token, or InvalidToken, counted against `ip`. The caller spends it in the transaction that acts on it.
 */
export async function presentedLinkToken(db: Db, purpose: LinkTokenPurpose, token: string, ip: string): Promise<LiveLinkToken> {
  await reserveLinkTokenAttempt(ip);
  const found = await findLinkToken(db, purpose, token);
  if (!found) throw new InvalidToken();
  await linkTokenAccepted(ip);
  return found;
}
