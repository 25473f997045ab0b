/**
 * Rate limits of account recovery and verification, kept in the database like the sign-in limits
 * (lib/auth/rate-limits.ts; rate-limiter-flexible on the rate_limits table), so they hold across
 * server instances:
 * - password-reset requests per address (whether or not an account has it, so the limit itself
 *   reveals nothing) and per client IP, per hour;
 * - verification e-mails per account, per hour;
 * - unknown, spent or expired link tokens per client IP in 15 minutes. A token is 256 random bits,
 *   so guessing is hopeless anyway; the limit keeps a scanner from turning the routes into load.
 */
import "server-only";
import { createHash } from "node:crypto";
import { type RateLimiterAbstract, RateLimiterPrisma, RateLimiterRes } from "rate-limiter-flexible";
import { getDb } from "@/lib/db/client";
import { getConfig } from "@/lib/env";
import { RateLimited } from "@/lib/errors";

const ONE_HOUR = 60 * 60;
const FIFTEEN_MINUTES = 15 * 60;

interface Limiters {
  resetAddress: RateLimiterAbstract;
  resetIp: RateLimiterAbstract;
  verificationAccount: RateLimiterAbstract;
  linkTokenIp: RateLimiterAbstract;
}

const state = globalThis as unknown as { __keelRecoveryLimiters?: Promise<Limiters> };

function limiters(): Promise<Limiters> {
  state.__keelRecoveryLimiters ??= (async () => {
    const storeClient = await getDb();
    const limits = getConfig().rateLimits;
    const make = (keyPrefix: string, points: number, duration: number) =>
      new RateLimiterPrisma({ storeClient, tableName: "rateLimit", keyPrefix, points, duration });
    return {
      resetAddress: make("reset-address", limits.passwordResetsPerAddress, ONE_HOUR),
      resetIp: make("reset-ip", limits.passwordResetsPerIp, ONE_HOUR),
      verificationAccount: make("verify-account", limits.verificationEmailsPerAccount, ONE_HOUR),
      linkTokenIp: make("link-token-ip", limits.linkTokenFailuresPerIp, FIFTEEN_MINUTES),
    };
  })().catch((error) => {
    state.__keelRecoveryLimiters = undefined;
    throw error;
  });
  return state.__keelRecoveryLimiters;
}

const retryAfter = (res: RateLimiterRes) => Math.max(1, Math.ceil(res.msBeforeNext / 1000));

async function consume(limiter: RateLimiterAbstract, key: string): Promise<RateLimiterRes | null> {
  try {
    await limiter.consume(key);
    return null;
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) return rejection;
    throw rejection;
  }
}

/** Hashed, so the table never holds the addresses people type (most of them may have no account). */
const addressKey = (email: string) => createHash("sha256").update(`email:${email.toLowerCase()}`).digest("hex");

/**
 * One password-reset request: counts against the address and the client IP together, and throws
 * RateLimited when either is spent. Both are counted whatever the outcome, known address or not.
 */
export async function consumePasswordResetRequest(email: string, ip: string): Promise<void> {
  const { resetAddress, resetIp } = await limiters();
  const refused = (await Promise.all([consume(resetAddress, addressKey(email)), consume(resetIp, ip)])).filter(
    (res): res is RateLimiterRes => res !== null,
  );
  if (refused.length > 0) {
    throw new RateLimited(Math.max(...refused.map(retryAfter)), "Too many password-reset requests. Try again later.");
  }
}

export async function consumeVerificationEmail(userId: number): Promise<void> {
  const rejected = await consume((await limiters()).verificationAccount, `user:${userId}`);
  if (rejected) throw new RateLimited(retryAfter(rejected), "Too many verification e-mails. Try again later.");
}

/**
 * Reserves one failure against the client IP before a link token is checked (so concurrent guesses
 * cannot all pass a check made before any failed); `linkTokenAccepted` gives it back.
 */
export async function reserveLinkTokenAttempt(ip: string): Promise<void> {
  const rejected = await consume((await limiters()).linkTokenIp, ip);
  if (rejected) {
    await (await limiters()).linkTokenIp.reward(ip, 1);
    throw new RateLimited(retryAfter(rejected), "Too many invalid links. Try again later.");
  }
}

export async function linkTokenAccepted(ip: string): Promise<void> {
  await (await limiters()).linkTokenIp.reward(ip, 1);
}
