/**
 * Rate limits on the credential endpoints, kept in the database (rate-limiter-flexible's
 * RateLimiterPrisma on the rate_limits table) so that every server instance shares them.
 *
 * - sign-in (API token and web): failures per account and per client IP in a 15-minute window; once
 *   an account has reached its limit, sign-in is refused even with the right password until the
 *   window passes. A successful sign-in clears the account's count.
 * - registration: attempts per client IP per hour.
 * - token refresh: attempts per client IP in 15 minutes.
 */
import "server-only";
import { createHash } from "node:crypto";
import { type RateLimiterAbstract, RateLimiterPrisma, RateLimiterRes } from "rate-limiter-flexible";
import { getDb } from "@/lib/db/client";
import { RateLimited } from "@/lib/errors";
import { getConfig } from "@/lib/env";

const FIFTEEN_MINUTES = 15 * 60;
const ONE_HOUR = 60 * 60;
/** The window in which an account's failed sign-ins count (the OpenAPI document quotes it). */
export const SIGN_IN_WINDOW_SECONDS = FIFTEEN_MINUTES;

interface Limiters {
  loginAccount: RateLimiterAbstract;
  loginIp: RateLimiterAbstract;
  registration: RateLimiterAbstract;
  refresh: RateLimiterAbstract;
}

const state = globalThis as unknown as { __keelLimiters?: Promise<Limiters> };

function limiters(): Promise<Limiters> {
  state.__keelLimiters ??= (async () => {
    const storeClient = await getDb();
    const limits = getConfig().rateLimits;
    const make = (keyPrefix: string, points: number, duration: number) =>
      new RateLimiterPrisma({ storeClient, tableName: "rateLimit", keyPrefix, points, duration });
    return {
      loginAccount: make("login-account", limits.loginFailuresPerAccount, SIGN_IN_WINDOW_SECONDS),
      loginIp: make("login-ip", limits.loginFailuresPerIp, FIFTEEN_MINUTES),
      registration: make("register-ip", limits.registrationsPerIp, ONE_HOUR),
      refresh: make("refresh-ip", limits.refreshesPerIp, FIFTEEN_MINUTES),
    };
  })().catch((error) => {
    state.__keelLimiters = undefined;
    throw error;
  });
  return state.__keelLimiters;
}

/**
 * The rate-limit key of a sign-in: the account when the login names one, otherwise the login itself.
 * Hashed, so the table never holds the email addresses people mistype.
 */
export function loginKey(login: string, userId: number | null): string {
  const subject = userId !== null ? `user:${userId}` : `login:${login.normalize("NFKC").toLowerCase()}`;
  return createHash("sha256").update(subject).digest("hex");
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

/**
 * Reserves one attempt against the account's and the client IP's failure budgets before the
 * password is checked, and throws RateLimited when either is spent.
 *
 * Reserving first (an atomic increment in the database) rather than checking and recording a
 * failure afterwards is what makes the limit hard: fifty concurrent guesses at one account cannot
 * all pass a check made before any of them failed; exactly the budget's worth get to bcrypt. A
 * refused attempt gives its reservation back, so attempts made while locked do not extend the
 * lock, and a successful sign-in settles with `signInSucceeded`.
 */
export async function reserveSignInAttempt(accountKey: string, ip: string): Promise<void> {
  const { loginAccount, loginIp } = await limiters();
  const refused = (
    await Promise.all([consume(loginAccount, accountKey), consume(loginIp, ip)])
  ).filter((res): res is RateLimiterRes => res !== null);
  if (refused.length > 0) {
    await Promise.all([loginAccount.reward(accountKey, 1), loginIp.reward(ip, 1)]);
    throw new RateLimited(Math.max(...refused.map(retryAfter)), "Too many failed sign-in attempts. Try again later.");
  }
}

/**
 * Settles a reserved attempt whose password was right: the account's failures are forgotten and
 * the client IP's reservation is returned (only failures count against an IP).
 */
export async function signInSucceeded(accountKey: string, ip: string): Promise<void> {
  const { loginAccount, loginIp } = await limiters();
  await Promise.all([loginAccount.delete(accountKey), loginIp.reward(ip, 1)]);
}

async function consumeOrThrow(limiter: RateLimiterAbstract, key: string, message: string): Promise<void> {
  const rejected = await consume(limiter, key);
  if (rejected) throw new RateLimited(retryAfter(rejected), message);
}

export async function consumeRegistration(ip: string): Promise<void> {
  await consumeOrThrow((await limiters()).registration, ip, "Too many registrations from your network. Try again later.");
}

export async function consumeRefresh(ip: string): Promise<void> {
  await consumeOrThrow((await limiters()).refresh, ip, "Too many token refreshes. Try again later.");
}

/**
 * Forgets the account's failed sign-ins, lifting a lockout at once: a completed password reset
 * proves control of the account's address, so the new password works straight away.
 */
export async function clearSignInFailures(userId: number): Promise<void> {
  await (await limiters()).loginAccount.delete(loginKey("", userId));
}
