/**
 * The sign-in limits (API token, web, password re-checks and second-factor codes), on the shared
 * machinery of lib/rate-limit/limiter.ts. Each guards a secret, so each refuses while Redis is away.
 *
 * Sign-in follows OWASP's device-cookie scheme, so that guessing at an account cannot lock its owner
 * out:
 * - a client presenting a valid device token for the account (device-tokens.ts; it signed in to
 *   this account before) is limited on its own bucket: RATE_LIMIT_LOGIN_FAILURES_PER_DEVICE
 *   failures in 15 minutes, then that device alone waits. It is not held to the per-IP limit, so a
 *   shared NAT cannot lock it out either;
 * - every other client shares the account's untrusted bucket: RATE_LIMIT_LOGIN_FAILURES_PER_ACCOUNT
 *   free failures, then exponential backoff (RATE_LIMIT_LOGIN_BACKOFF_SECONDS after the last
 *   failure, doubling with each further failure, at most an hour) instead of a flat wall; and
 *   RATE_LIMIT_LOGIN_FAILURES_PER_IP failures per client IP in 15 minutes;
 * - overall, at most RATE_LIMIT_LOGIN_FAILURES_CAP (100, NIST SP 800-63B) failures per account in a
 *   day from all clients together; a successful sign-in ends the run of failures.
 */
import "server-only";
import { type RateLimiterAbstract, RateLimiterRes } from "rate-limiter-flexible";
import { getConfig } from "@/lib/env";
import { RateLimited } from "@/lib/errors";
import { defineLimit, FIFTEEN_MINUTES, hashedKey, ONE_DAY, ONE_HOUR, retryAfter } from "@/lib/rate-limit/limiter";

/** The longest backoff wait: past this, doubling only locks the owner out for longer. */
const MAX_BACKOFF_SECONDS = ONE_HOUR;

const configured = () => getConfig().rateLimits;
/** Untrusted sign-in attempts per account (reserved up front; a day of memory). */
const loginAccountLimit = defineLimit({ name: "login-account", points: () => configured().loginFailuresCap, durationSeconds: ONE_DAY });
/** Untrusted sign-in attempts per account that have failed, for the length of the backoff. */
const loginAccountFailedLimit = defineLimit({ name: "login-account-failed", points: () => configured().loginFailuresCap, durationSeconds: ONE_DAY });
/**
 * Untrusted failures per account whose backoff has been written: counted after `loginBackoff`, so
 * that an attempt which sees n settled failures also sees the backoff the n-th one set. Counting
 * with `loginAccountFailed` alone left a window between the count and the backoff in which a late
 * attempt saw every earlier one failed and no wait, and had its password checked: one guess too many
 * (docs/performance.md, "Tenth part").
 */
const loginAccountSettledLimit = defineLimit({ name: "login-account-settled", points: () => configured().loginFailuresCap, durationSeconds: ONE_DAY });
/** Set by each untrusted failure past the free ones: no untrusted attempt until it expires. */
const loginBackoffLimit = defineLimit({ name: "login-backoff", points: () => 1, durationSeconds: MAX_BACKOFF_SECONDS });
const loginDeviceLimit = defineLimit({ name: "login-device", points: () => configured().loginFailuresPerDevice, durationSeconds: FIFTEEN_MINUTES });
const loginIpLimit = defineLimit({ name: "login-ip", points: () => configured().loginFailuresPerIp, durationSeconds: FIFTEEN_MINUTES });
/** Every failure at an account, whoever makes it (NIST's cap). */
const loginCapLimit = defineLimit({ name: "login-cap", points: () => configured().loginFailuresCap, durationSeconds: ONE_DAY });

async function loginLimiters() {
  const [loginAccount, loginAccountFailed, loginAccountSettled, loginBackoff, loginDevice, loginIp, loginCap] = await Promise.all(
    [loginAccountLimit, loginAccountFailedLimit, loginAccountSettledLimit, loginBackoffLimit, loginDeviceLimit, loginIpLimit, loginCapLimit].map((limit) =>
      limit(),
    ),
  );
  return {
    loginAccount: loginAccount!,
    loginAccountFailed: loginAccountFailed!,
    loginAccountSettled: loginAccountSettled!,
    loginBackoff: loginBackoff!,
    loginDevice: loginDevice!,
    loginIp: loginIp!,
    loginCap: loginCap!,
  };
}

/**
 * The rate-limit key of a sign-in: the account when the login names one, otherwise the login itself.
 * Hashed, so the table never holds the email addresses people mistype.
 */
export function loginKey(login: string, userId: number | null): string {
  const subject = userId !== null ? `user:${userId}` : `login:${login.normalize("NFKC").toLowerCase()}`;
  return hashedKey(subject);
}

/** The wait after the n-th untrusted failure at an account (n counted from 1). */
export function backoffSeconds(failures: number, freeFailures: number, firstWaitSeconds: number): number {
  if (failures < freeFailures) return 0;
  return Math.min(MAX_BACKOFF_SECONDS, firstWaitSeconds * 2 ** Math.min(failures - freeFailures, 20));
}

/** One sign-in attempt that holds its places in the counts until it is settled. */
export interface SignInAttempt {
  accountKey: string;
  ip: string;
  /** The device id from a valid device token for this account, or null for an untrusted client. */
  device: string | null;
}

const TOO_MANY = "Too many failed sign-in attempts. Try again later.";

/**
 * Reserves one attempt against the budgets that apply before the password is checked, and throws
 * RateLimited when one is spent.
 *
 * Reserving first (an atomic increment in the database) rather than checking and recording a
 * failure afterwards is what makes the limits hard: fifty concurrent guesses at one account cannot
 * all pass a check made before any of them failed. For untrusted clients, an attempt past the free
 * ones is let through only when every earlier attempt has failed and been recorded (none is still
 * being checked) and the backoff since the last failure has passed, so concurrency cannot squeeze
 * extra guesses between two waits. A refused attempt gives its reservations back, so attempts made
 * while refused do not extend the wait; the attempt is then settled with `signInFailed` or
 * `signInSucceeded`.
 */
export async function reserveSignInAttempt(accountKey: string, ip: string, device: string | null = null): Promise<SignInAttempt> {
  const limits = await loginLimiters();
  const attempt = { accountKey, ip, device };
  const deviceKey = device === null ? null : hashedKey(`${accountKey}:${device}`);
  const reserved: [RateLimiterAbstract, string][] =
    deviceKey === null
      ? [
          [limits.loginAccount, accountKey],
          [limits.loginIp, ip],
          [limits.loginCap, accountKey],
        ]
      : [
          [limits.loginDevice, deviceKey],
          [limits.loginCap, accountKey],
        ];
  const results = await Promise.all(
    reserved.map(([limiter, key]) =>
      limiter.consume(key).then(
        (res) => ({ res, refused: false }),
        (rejection) => {
          if (rejection instanceof RateLimiterRes) return { res: rejection, refused: true };
          throw rejection;
        },
      ),
    ),
  );
  let wait = Math.max(0, ...results.filter((r) => r.refused).map((r) => retryAfter(r.res)));

  if (wait === 0 && deviceKey === null) {
    const { loginFailuresPerAccount } = getConfig().rateLimits;
    const place = results[0]!.res.consumedPoints;
    if (place > loginFailuresPerAccount) {
      // In this order, not side by side: a failure writes its backoff before it counts as settled,
      // so once every earlier attempt reads as settled, the backoff read after it is the last one's.
      const settled = await limits.loginAccountSettled.get(accountKey);
      const backoff = await limits.loginBackoff.get(accountKey);
      // Another attempt at this account is still being checked: its outcome decides the wait.
      if ((settled?.consumedPoints ?? 0) < place - 1) wait = 1;
      else if (backoff && backoff.consumedPoints > 1) wait = retryAfter(backoff);
    }
  }

  if (wait > 0) {
    await Promise.all(reserved.map(([limiter, key]) => limiter.reward(key, 1)));
    throw new RateLimited(wait, TOO_MANY);
  }
  return attempt;
}

/**
 * Settles an attempt whose password was wrong. Its reservations stand as the failure; an untrusted
 * failure past the free ones also starts the next backoff wait.
 */
export async function signInFailed(attempt: SignInAttempt): Promise<void> {
  if (attempt.device !== null) return;
  const limits = await loginLimiters();
  const { loginFailuresPerAccount, loginBackoffSeconds } = getConfig().rateLimits;
  const failed = await limits.loginAccountFailed.penalty(attempt.accountKey, 1);
  const wait = backoffSeconds(failed.consumedPoints, loginFailuresPerAccount, loginBackoffSeconds);
  if (wait > 0) await limits.loginBackoff.block(attempt.accountKey, wait);
  // Last: the failure is settled only once its backoff is in place (loginAccountSettledLimit).
  await limits.loginAccountSettled.penalty(attempt.accountKey, 1);
}

/**
 * Settles an attempt whose password was right: the run of failures at the account ends (NIST's
 * count), the client's own failures are forgotten, and the IP's reservation is returned (only
 * failures count against an IP). A known device's success does not clear the untrusted bucket:
 * the owner signing in must not hand an attacker a fresh set of free guesses.
 */
export async function signInSucceeded(attempt: SignInAttempt): Promise<void> {
  const limits = await loginLimiters();
  const { accountKey, ip, device } = attempt;
  if (device !== null) {
    await Promise.all([limits.loginDevice.delete(hashedKey(`${accountKey}:${device}`)), limits.loginCap.delete(accountKey)]);
    return;
  }
  await Promise.all([
    limits.loginAccount.delete(accountKey),
    limits.loginAccountFailed.delete(accountKey),
    limits.loginAccountSettled.delete(accountKey),
    limits.loginBackoff.delete(accountKey),
    limits.loginCap.delete(accountKey),
    limits.loginIp.reward(ip, 1),
  ]);
}

/**
 * Forgets the account's failed sign-ins, lifting a lockout at once: a completed password reset
 * proves control of the account's address, so the new password works straight away. Clears the
 * untrusted bucket, its backoff and the overall cap; devices' own buckets expire by themselves.
 */
export async function clearSignInFailures(userId: number): Promise<void> {
  const limits = await loginLimiters();
  const accountKey = loginKey("", userId);
  await Promise.all([
    limits.loginAccount.delete(accountKey),
    limits.loginAccountFailed.delete(accountKey),
    limits.loginAccountSettled.delete(accountKey),
    limits.loginBackoff.delete(accountKey),
    limits.loginCap.delete(accountKey),
  ]);
}
