/**
 * Rate limits on the credential endpoints and on identity changes, kept where every server instance
 * shares them: in Redis when REDIS_URL is set (rate-limiter-flexible's RateLimiterRedis, one atomic
 * Lua increment per count, no database write), otherwise in the database (RateLimiterPrisma on the
 * rate_limits table), so the embedded default needs nothing more.
 *
 * Redis unreachable (the client does not queue commands, so this is known at once):
 * - the limits that guard a secret (sign-in and password re-checks, token refresh, link tokens) fail
 *   closed: the request is refused with 503 unavailable. Counting them anywhere else would hand out
 *   a fresh budget of guesses every time Redis flaps (the counts and backoffs are in Redis), and
 *   letting them through unlimited is what the limits exist to prevent;
 * - the others (registration, identity changes, password-reset requests, verification e-mails) fall
 *   back to counting in this instance's memory (rate-limiter-flexible's insurance limiter): each
 *   instance then allows the full budget, so an N-instance deployment allows N times as much for as
 *   long as Redis is away, which keeps those features working and still bounded;
 * - everything else never touches Redis and keeps serving.
 *
 * Sign-in (API token, web, and password re-checks) follows OWASP's device-cookie scheme, so that
 * guessing at an account cannot lock its owner out:
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
 * Registration: attempts per client IP per hour. Token refresh: attempts per client IP in 15
 * minutes. Identity changes (username, email): per user and per client IP per hour.
 *
 * Account recovery and verification:
 * - password-reset requests per address (whether or not an account has it, so the limit itself
 *   reveals nothing) and per client IP, per hour;
 * - verification e-mails per account, per hour;
 * - unknown, spent or expired link tokens per client IP in 15 minutes. A token is 256 random bits,
 *   so guessing is hopeless anyway; the limit keeps a scanner from turning the routes into load.
 *
 * ID-token exchanges (mobile sign-in through an identity provider): attempts per client IP in 15
 * minutes. Each one may fetch the provider's keys, so a flood must not become load on it either.
 *
 * Passkey sign-ins (lib/auth/passkeys): challenges asked for and answers checked, per client IP in
 * 15 minutes. A signature cannot be guessed; the limit keeps each challenge row and each signature
 * check from becoming free load.
 *
 * The cron route (lib/jobs/cron.ts): wrong CRON_SECRETs per client IP in 15 minutes. It guards a
 * secret, so it refuses while Redis is away like the sign-in limits.
 */
import "server-only";
import { createHash } from "node:crypto";
import { once } from "node:events";
import { type RateLimiterAbstract, RateLimiterMemory, RateLimiterPrisma, RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";
import { getDb } from "@/lib/db/client";
import { RateLimited, Unavailable } from "@/lib/errors";
import { getConfig } from "@/lib/env";
import { describeError, log } from "@/lib/log";
import { getRedis } from "@/lib/redis";

const FIFTEEN_MINUTES = 15 * 60;
const ONE_HOUR = 60 * 60;
const ONE_DAY = 24 * ONE_HOUR;
/** The longest backoff wait: past this, doubling only locks the owner out for longer. */
const MAX_BACKOFF_SECONDS = ONE_HOUR;

/** Wrong cron secrets per client IP per 15 minutes before the cron route answers 429. */
export const CRON_FAILURES_PER_IP = 10;

interface Limiters {
  /** Untrusted sign-in attempts per account (reserved up front; a day of memory). */
  loginAccount: RateLimiterAbstract;
  /** Untrusted sign-in attempts per account that have failed (settled), for the backoff. */
  loginAccountFailed: RateLimiterAbstract;
  /** Set by each untrusted failure past the free ones: no untrusted attempt until it expires. */
  loginBackoff: RateLimiterAbstract;
  loginDevice: RateLimiterAbstract;
  loginIp: RateLimiterAbstract;
  /** Every failure at an account, whoever makes it (NIST's cap). */
  loginCap: RateLimiterAbstract;
  registration: RateLimiterAbstract;
  refresh: RateLimiterAbstract;
  identityUser: RateLimiterAbstract;
  identityIp: RateLimiterAbstract;
  resetAddress: RateLimiterAbstract;
  resetIp: RateLimiterAbstract;
  verificationAccount: RateLimiterAbstract;
  linkTokenIp: RateLimiterAbstract;
  oidcExchangeIp: RateLimiterAbstract;
  passkeySignInIp: RateLimiterAbstract;
  cronIp: RateLimiterAbstract;
  trackingIp: RateLimiterAbstract;
}

const state = globalThis as unknown as { __keelLimiters?: Promise<Limiters> };

/** What a limit does while Redis is unreachable (see the top of this file). */
type WhenRedisIsDown = "refuse" | "count-per-instance";

function limiters(): Promise<Limiters> {
  state.__keelLimiters ??= (async () => {
    const limits = getConfig().rateLimits;
    const redis = getRedis();
    const { redisKeyPrefix } = getConfig();
    // A limit declared without `whenDown` guards a secret: it refuses while Redis is away.
    let make: (keyPrefix: string, points: number, duration: number, whenDown?: WhenRedisIsDown) => RateLimiterAbstract;
    if (redis) {
      // The first requests after start-up should not be refused while the connection is still opening.
      if (redis.status !== "ready") await waitUntilReady(redis, 2_000);
      make = (keyPrefix, points, duration, whenDown = "refuse") => {
        const limiter = new RateLimiterRedis({
          storeClient: redis,
          keyPrefix: `${redisKeyPrefix}rl:${keyPrefix}`,
          points,
          duration,
          // Not "ready": skip the command and fail (or count in memory) at once, never wait.
          rejectIfRedisNotReady: true,
          insuranceLimiter:
            whenDown === "count-per-instance" ? new RateLimiterMemory({ keyPrefix, points, duration }) : undefined,
        });
        return whenDown === "refuse" ? refusingWhenUnreachable(limiter) : limiter;
      };
    } else {
      const storeClient = await getDb();
      make = (keyPrefix, points, duration) => new RateLimiterPrisma({ storeClient, tableName: "rateLimit", keyPrefix, points, duration });
    }
    return {
      loginAccount: make("login-account", limits.loginFailuresCap, ONE_DAY),
      loginAccountFailed: make("login-account-failed", limits.loginFailuresCap, ONE_DAY),
      loginBackoff: make("login-backoff", 1, MAX_BACKOFF_SECONDS),
      loginDevice: make("login-device", limits.loginFailuresPerDevice, FIFTEEN_MINUTES),
      loginIp: make("login-ip", limits.loginFailuresPerIp, FIFTEEN_MINUTES),
      loginCap: make("login-cap", limits.loginFailuresCap, ONE_DAY),
      registration: make("register-ip", limits.registrationsPerIp, ONE_HOUR, "count-per-instance"),
      refresh: make("refresh-ip", limits.refreshesPerIp, FIFTEEN_MINUTES),
      identityUser: make("identity-user", limits.identityChangesPerUser, ONE_HOUR, "count-per-instance"),
      identityIp: make("identity-ip", limits.identityChangesPerIp, ONE_HOUR, "count-per-instance"),
      resetAddress: make("reset-address", limits.passwordResetsPerAddress, ONE_HOUR, "count-per-instance"),
      resetIp: make("reset-ip", limits.passwordResetsPerIp, ONE_HOUR, "count-per-instance"),
      verificationAccount: make("verify-account", limits.verificationEmailsPerAccount, ONE_HOUR, "count-per-instance"),
      linkTokenIp: make("link-token-ip", limits.linkTokenFailuresPerIp, FIFTEEN_MINUTES),
      oidcExchangeIp: make("oidc-exchange-ip", limits.oidcExchangesPerIp, FIFTEEN_MINUTES),
      passkeySignInIp: make("passkey-sign-in-ip", limits.passkeySignInsPerIp, FIFTEEN_MINUTES),
      cronIp: make("cron-ip", CRON_FAILURES_PER_IP, FIFTEEN_MINUTES),
      trackingIp: make("tracking-ip", getConfig().tracking.lookupsPerIp, FIFTEEN_MINUTES, "count-per-instance"),
    };
  })().catch((error) => {
    state.__keelLimiters = undefined;
    throw error;
  });
  return state.__keelLimiters;
}

async function waitUntilReady(redis: NonNullable<ReturnType<typeof getRedis>>, timeoutMs: number): Promise<void> {
  await once(redis, "ready", { signal: AbortSignal.timeout(timeoutMs) }).catch(() => {
    // Still not connected: the limits answer as for an outage until it is.
  });
}

const STORE_METHODS = new Set<PropertyKey>(["consume", "penalty", "reward", "block", "get", "delete"]);

/**
 * A limiter that fails closed: a store failure (Redis unreachable) becomes 503 unavailable instead of
 * a 500 or an unlimited pass. Done on the limiter rather than in each function below, so that every
 * limit added here gets it by being declared "refuse".
 */
function refusingWhenUnreachable(limiter: RateLimiterAbstract): RateLimiterAbstract {
  return new Proxy(limiter, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== "function" || !STORE_METHODS.has(property)) return value;
      return (...args: unknown[]) =>
        (value.apply(target, args) as Promise<unknown>).catch((error: unknown) => {
          if (error instanceof RateLimiterRes) throw error;
          log.warn("rate limit store unreachable; refusing the request", { limit: target.keyPrefix, error: describeError(error) });
          throw new Unavailable("This check is temporarily unavailable. Try again shortly.");
        });
    },
  });
}

/**
 * The rate-limit key of a sign-in: the account when the login names one, otherwise the login itself.
 * Hashed, so the table never holds the email addresses people mistype.
 */
export function loginKey(login: string, userId: number | null): string {
  const subject = userId !== null ? `user:${userId}` : `login:${login.normalize("NFKC").toLowerCase()}`;
  return createHash("sha256").update(subject).digest("hex");
}

const hashed = (value: string) => createHash("sha256").update(value).digest("hex");

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
  const limits = await limiters();
  const attempt = { accountKey, ip, device };
  const deviceKey = device === null ? null : hashed(`${accountKey}:${device}`);
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
      const [failed, backoff] = await Promise.all([limits.loginAccountFailed.get(accountKey), limits.loginBackoff.get(accountKey)]);
      // Another attempt at this account is still being checked: its outcome decides the wait.
      if ((failed?.consumedPoints ?? 0) < place - 1) wait = 1;
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
  const limits = await limiters();
  const { loginFailuresPerAccount, loginBackoffSeconds } = getConfig().rateLimits;
  const failed = await limits.loginAccountFailed.penalty(attempt.accountKey, 1);
  const wait = backoffSeconds(failed.consumedPoints, loginFailuresPerAccount, loginBackoffSeconds);
  if (wait > 0) await limits.loginBackoff.block(attempt.accountKey, wait);
}

/**
 * Settles an attempt whose password was right: the run of failures at the account ends (NIST's
 * count), the client's own failures are forgotten, and the IP's reservation is returned (only
 * failures count against an IP). A known device's success does not clear the untrusted bucket:
 * the owner signing in must not hand an attacker a fresh set of free guesses.
 */
export async function signInSucceeded(attempt: SignInAttempt): Promise<void> {
  const limits = await limiters();
  const { accountKey, ip, device } = attempt;
  if (device !== null) {
    await Promise.all([limits.loginDevice.delete(hashed(`${accountKey}:${device}`)), limits.loginCap.delete(accountKey)]);
    return;
  }
  await Promise.all([
    limits.loginAccount.delete(accountKey),
    limits.loginAccountFailed.delete(accountKey),
    limits.loginBackoff.delete(accountKey),
    limits.loginCap.delete(accountKey),
    limits.loginIp.reward(ip, 1),
  ]);
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

export async function consumeOidcExchange(ip: string): Promise<void> {
  await consumeOrThrow((await limiters()).oidcExchangeIp, ip, "Too many sign-ins with an identity provider. Try again later.");
}

export async function consumePasskeySignIn(ip: string): Promise<void> {
  await consumeOrThrow((await limiters()).passkeySignInIp, ip, "Too many sign-ins with a passkey. Try again later.");
}

/**
 * Counts one username/email change (any valid attempt, taken or not: a 409 tells whether a name
 * exists, so attempts are what must be bounded) against the user's and the client IP's budgets.
 */
export async function consumeIdentityChange(userId: number, ip: string): Promise<void> {
  const limits = await limiters();
  const refused = (await Promise.all([consume(limits.identityUser, `user:${userId}`), consume(limits.identityIp, ip)])).filter(
    (res): res is RateLimiterRes => res !== null,
  );
  if (refused.length > 0) {
    throw new RateLimited(Math.max(...refused.map(retryAfter)), "Too many changes of username or email. Try again later.");
  }
}

/**
 * Forgets the account's failed sign-ins, lifting a lockout at once: a completed password reset
 * proves control of the account's address, so the new password works straight away. Clears the
 * untrusted bucket, its backoff and the overall cap; devices' own buckets expire by themselves.
 */
export async function clearSignInFailures(userId: number): Promise<void> {
  const limits = await limiters();
  const accountKey = loginKey("", userId);
  await Promise.all([
    limits.loginAccount.delete(accountKey),
    limits.loginAccountFailed.delete(accountKey),
    limits.loginBackoff.delete(accountKey),
    limits.loginCap.delete(accountKey),
  ]);
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

/**
 * Before a cron secret is checked: reserves one attempt for the client IP, and throws RateLimited
 * when its wrong secrets are spent (the right secret waits too, so guessing cannot go on by mixing
 * in the right one). Reserving first, with the store's atomic increment, is what holds the limit
 * under parallel requests: checking the count and counting the failure afterwards let forty
 * concurrent guesses all pass the check before any of them was counted (issue 31). A refused
 * attempt gives its reservation back, so waiting out the limit is enough.
 */
export async function reserveCronAttempt(ip: string): Promise<void> {
  const limiter = (await limiters()).cronIp;
  const rejected = await consume(limiter, ip);
  if (rejected) {
    await limiter.reward(ip, 1);
    throw new RateLimited(retryAfter(rejected));
  }
}

/** The secret was right: only wrong ones count. */
export async function cronAttemptAccepted(ip: string): Promise<void> {
  await (await limiters()).cronIp.reward(ip, 1);
}

/**
 * Public tracking lookups (GET /api/v1/track/{trackingNumber} and the /track pages) per client IP:
 * every lookup counts, found or not, so tracking numbers (whose serials are sequential) cannot be
 * walked at speed. Guards no secret, so it keeps counting per instance while Redis is away.
 */
export async function consumeTrackingLookup(ip: string): Promise<void> {
  await consumeOrThrow((await limiters()).trackingIp, ip, "Too many tracking lookups from your network. Try again later.");
}
