/**
 * The API keys' own limits, apart from people's (lib/auth/rate-limits.ts):
 * - requests per key per minute (RATE_LIMIT_API_KEY_REQUESTS_PER_MINUTE): a runaway integration
 *   cannot take the server from everyone else. While Redis is away it counts per instance (serving
 *   a known key is not guessing a secret);
 * - unknown, revoked or expired keys per client IP in 15 minutes (RATE_LIMIT_API_KEY_FAILURES_PER_IP):
 *   a key is 256 random bits, so guessing is hopeless anyway; the limit keeps a scanner from turning
 *   the check into load. It guards a secret, so it refuses while Redis is away.
 * Shared by every instance in Redis when REDIS_URL is set (rate-limiter-flexible). Without Redis the
 * failures are counted in the database like the other limits (a write only when a bad key is
 * presented), but the request budget is counted in each instance's memory: in the database it
 * would be a write on every request a key makes, which is what a busy integration must not cost.
 * A deployment of N instances without Redis then allows each key N times its budget; the embedded
 * database is one instance anyway, and README "Running in production" asks for Redis beyond one.
 */
import "server-only";
import { type RateLimiterAbstract, RateLimiterMemory, RateLimiterPrisma, RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";
import { getDb } from "@/lib/db/client";
import { getConfig } from "@/lib/env";
import { RateLimited, Unavailable } from "@/lib/errors";
import { describeError, log } from "@/lib/log";
import { processSingleton } from "@/lib/process-singleton";
import { getRedis } from "@/lib/redis";

interface Limiters {
  requests: RateLimiterAbstract;
  failures: RateLimiterAbstract;
}

const FIFTEEN_MINUTES = 15 * 60;

function limiters(): Promise<Limiters> {
  // A failed build (the database or Redis away) is forgotten, so the next request tries again.
  return processSingleton("api-keys:limiters", async (): Promise<Limiters> => {
    const { apiKeys, redisKeyPrefix } = getConfig();
    const redis = getRedis();
    if (redis) {
      const make = (keyPrefix: string, points: number, duration: number, insurance: boolean) =>
        new RateLimiterRedis({
          storeClient: redis,
          keyPrefix: `${redisKeyPrefix}rl:${keyPrefix}`,
          points,
          duration,
          rejectIfRedisNotReady: true,
          insuranceLimiter: insurance ? new RateLimiterMemory({ keyPrefix, points, duration }) : undefined,
        });
      return {
        requests: make("api-key-requests", apiKeys.requestsPerMinute, 60, true),
        failures: make("api-key-failures-ip", apiKeys.failuresPerIp, FIFTEEN_MINUTES, false),
      };
    }
    const storeClient = await getDb();
    return {
      requests: new RateLimiterMemory({ keyPrefix: "api-key-requests", points: apiKeys.requestsPerMinute, duration: 60 }),
      failures: new RateLimiterPrisma({ storeClient, tableName: "rateLimit", keyPrefix: "api-key-failures-ip", points: apiKeys.failuresPerIp, duration: FIFTEEN_MINUTES }),
    };
  });
}

const retryAfter = (res: RateLimiterRes) => Math.max(1, Math.ceil(res.msBeforeNext / 1000));

function storeDown(error: unknown): never {
  log.warn("API key rate limit store unreachable; refusing the request", { error: describeError(error) });
  throw new Unavailable("This check is temporarily unavailable. Try again shortly.");
}

/** Counts one request of a key; RateLimited once its minute's budget is spent. */
export async function consumeApiKeyRequest(keyId: number): Promise<void> {
  try {
    await (await limiters()).requests.consume(`key:${keyId}`);
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) throw new RateLimited(retryAfter(rejection), "This API key made too many requests. Slow down.");
    throw rejection;
  }
}

/** Before a presented key is looked up: RateLimited when the client IP has presented too many bad keys. */
export async function checkApiKeyFailures(ip: string): Promise<void> {
  const limit = getConfig().apiKeys.failuresPerIp;
  const seen = await (await limiters()).failures.get(ip).catch(storeDown);
  if (seen && seen.consumedPoints >= limit) throw new RateLimited(retryAfter(seen), "Too many invalid API keys. Try again later.");
}

export async function apiKeyFailed(ip: string): Promise<void> {
  await (await limiters()).failures.consume(ip).catch((rejection: unknown) => {
    if (!(rejection instanceof RateLimiterRes)) storeDown(rejection);
  });
}
