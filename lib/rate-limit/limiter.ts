/**
 * The rate-limit machinery every feature declares its limits with (the limits themselves live beside
 * the rules they protect: sign-in in lib/auth/credentials/rate-limits.ts, registration in
 * lib/users/register.ts, and so on). Counts are kept where every server instance shares them: in
 * Redis when REDIS_URL is set (rate-limiter-flexible's RateLimiterRedis, one atomic Lua increment per
 * count, no database write), otherwise in the database (RateLimiterPrisma on the rate_limits table),
 * so the embedded default needs nothing more.
 *
 * Redis unreachable (the client does not queue commands, so this is known at once):
 * - a limit that guards a secret (declared without `whenDown`: sign-in and password re-checks, token
 *   refresh, link tokens, the cron secret) fails closed: the request is refused with 503
 *   unavailable. Counting it anywhere else would hand out a fresh budget of guesses every time
 *   Redis flaps (the counts and backoffs are in Redis), and letting it through unlimited is what
 *   the limit exists to prevent;
 * - a limit declared `whenDown: "count-per-instance"` (registration, identity changes, reset
 *   requests, verification e-mails) falls back to counting in this instance's memory
 *   (rate-limiter-flexible's insurance limiter): each instance then allows the full budget, so an
 *   N-instance deployment allows N times as much for as long as Redis is away, which keeps those
 *   features working and still bounded;
 * - everything else never touches Redis and keeps serving.
 */
import "server-only";
import { createHash } from "node:crypto";
import { once } from "node:events";
import { type RateLimiterAbstract, RateLimiterMemory, RateLimiterPrisma, RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";
import { getDb } from "@/lib/db/client";
import { getConfig } from "@/lib/env";
import { RateLimited, Unavailable } from "@/lib/errors";
import { describeError, log } from "@/lib/log";
import { processSingleton } from "@/lib/process-singleton";
import { getRedis } from "@/lib/redis";

export const FIFTEEN_MINUTES = 15 * 60;
export const ONE_HOUR = 60 * 60;
export const ONE_DAY = 24 * ONE_HOUR;

/** What a limit does while Redis is unreachable (see the top of this file). */
export type WhenRedisIsDown = "refuse" | "count-per-instance";

export interface LimitDeclaration {
  /** The key prefix of its counters: unique across the application, and stable (renaming resets the counts). */
  name: string;
  /** Points per window; read when the limit is first used, so it may come from the configuration. */
  points: () => number;
  durationSeconds: number;
  /** Omitted: the limit guards a secret and refuses while Redis is away. */
  whenDown?: WhenRedisIsDown;
}

/** A declared limit: its limiter, built on first use and kept for the process. */
export type Limit = () => Promise<RateLimiterAbstract>;

type MakeLimiter = (declaration: LimitDeclaration) => RateLimiterAbstract;

type Database = Awaited<ReturnType<typeof getDb>>;

/**
 * rate-limiter-flexible's Prisma store with its count in one statement. The library's store counts
 * with two (a delete of the expired row, then an upsert that Prisma may run as more), so every counted
 * request made two or more round trips; this upsert restarts an expired window and counts in the same
 * statement, atomically (the row is locked by ON CONFLICT), with the same semantics: a point added to
 * a live window keeps its expiry, a spent window starts again, `forceExpire` (block, set) overwrites.
 * Reads, deletes and the hourly clean-up stay the library's own.
 */
class RateLimiterDatabase extends RateLimiterPrisma {
  private readonly db: Database;

  constructor(options: ConstructorParameters<typeof RateLimiterPrisma>[0] & { storeClient: Database }) {
    super(options);
    this.db = options.storeClient;
  }

  // The store's documented extension point: every rate-limiter-flexible store implements _upsert.
  async _upsert(key: string, points: number, msDuration: number, forceExpire = false): Promise<{ points: number; expire: Date | null }> {
    const now = new Date();
    const expire = msDuration > 0 ? new Date(now.getTime() + msDuration) : null;
    const [row] = await this.db.$queryRaw<{ points: number; expire: Date | null }[]>`
      INSERT INTO rate_limits (key, points, expire) VALUES (${key}, ${points}, ${expire})
      ON CONFLICT (key) DO UPDATE SET
        points = CASE WHEN ${forceExpire} OR rate_limits.expire <= ${now} THEN EXCLUDED.points ELSE rate_limits.points + EXCLUDED.points END,
        expire = CASE WHEN ${forceExpire} OR rate_limits.expire <= ${now} THEN EXCLUDED.expire ELSE rate_limits.expire END
      RETURNING points, expire`;
    return row!; // INSERT ... RETURNING gives its one row
  }
}

/** How limiters are built in this process: on Redis or on the database, decided once. */
function limiterFactory(): Promise<MakeLimiter> {
  return processSingleton("rate-limit:factory", async (): Promise<MakeLimiter> => {
    const redis = getRedis();
    const { redisKeyPrefix } = getConfig();
    if (!redis) {
      const storeClient = await getDb();
      return ({ name, points, durationSeconds }) =>
        new RateLimiterDatabase({ storeClient, tableName: "rateLimit", keyPrefix: name, points: points(), duration: durationSeconds });
    }
    // The first requests after start-up should not be refused while the connection is still opening.
    if (redis.status !== "ready") await waitUntilReady(redis, 2_000);
    return ({ name, points, durationSeconds, whenDown = "refuse" }) => {
      const limiter = new RateLimiterRedis({
        storeClient: redis,
        keyPrefix: `${redisKeyPrefix}rl:${name}`,
        points: points(),
        duration: durationSeconds,
        // Not "ready": skip the command and fail (or count in memory) at once, never wait.
        rejectIfRedisNotReady: true,
        insuranceLimiter:
          whenDown === "count-per-instance" ? new RateLimiterMemory({ keyPrefix: name, points: points(), duration: durationSeconds }) : undefined,
      });
      return whenDown === "refuse" ? refusingWhenUnreachable(limiter) : limiter;
    };
  });
}

/**
 * Declares a limit. Features call this at module level beside the rule the limit protects; the
 * limiter itself is built on first use (after the configuration and the store are known).
 */
export function defineLimit(declaration: LimitDeclaration): Limit {
  return () => processSingleton(`rate-limit:${declaration.name}`, async () => (await limiterFactory())(declaration));
}

async function waitUntilReady(redis: NonNullable<ReturnType<typeof getRedis>>, timeoutMs: number): Promise<void> {
  await once(redis, "ready", { signal: AbortSignal.timeout(timeoutMs) }).catch(() => {
    // Still not connected: the limits answer as for an outage until it is.
  });
}

const STORE_METHODS = new Set<PropertyKey>(["consume", "penalty", "reward", "block", "get", "delete"]);

/**
 * A limiter that fails closed: a store failure (Redis unreachable) becomes 503 unavailable instead of
 * a 500 or an unlimited pass. Done on the limiter rather than in each feature's functions, so that
 * every limit gets it by being declared "refuse".
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

/** A counter key that does not keep what people typed (addresses, logins) in the store. */
export const hashedKey = (value: string) => createHash("sha256").update(value).digest("hex");

/** Seconds until the limit lets the caller try again (at least 1, for the Retry-After header). */
export const retryAfter = (res: RateLimiterRes) => Math.max(1, Math.ceil(res.msBeforeNext / 1000));

/** Counts one point; the refusal when the budget is spent, otherwise null. Store failures throw. */
export async function consume(limiter: RateLimiterAbstract, key: string): Promise<RateLimiterRes | null> {
  try {
    await limiter.consume(key);
    return null;
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) return rejection;
    throw rejection;
  }
}

/**
 * Counts one point against each of the limits together, and throws RateLimited (with the longest
 * wait) when any is spent. Every limit is counted whatever the others answer.
 */
export async function consumeAll(counts: [Limit, string][], message: string): Promise<void> {
  const refused = (await Promise.all(counts.map(async ([limit, key]) => consume(await limit(), key)))).filter(
    (res): res is RateLimiterRes => res !== null,
  );
  if (refused.length > 0) throw new RateLimited(Math.max(...refused.map(retryAfter)), message);
}
