/**
 * The process's one Redis connection (ioredis), when REDIS_URL is set: the rate-limit counters that
 * every instance shares live there (lib/rate-limit/limiter.ts). Nothing else depends on it, so the app
 * runs without Redis and keeps serving while it is away.
 *
 * The options make an outage fail fast instead of piling up: commands are not queued while the
 * connection is down (enableOfflineQueue: false, so a caller learns at once rather than after a
 * reconnect that may never come), each command is tried once, and the client reconnects by itself
 * in the background with a capped backoff.
 */
import "server-only";
import { Redis } from "ioredis";
import { getConfig } from "@/lib/env";
import { describeError, log } from "@/lib/log";
import { forgetProcessSingleton, processSingleton } from "@/lib/process-singleton";

const REDIS = "redis";

/** The shared client, or null when REDIS_URL is not set. */
export function getRedis(): Redis | null {
  return processSingleton(REDIS, connect);
}

function connect(): Redis | null {
  const url = getConfig().redisUrl;
  if (url === null) return null;
  let lastWarning = 0;
  const client = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2_000,
    // Reconnect after 100 ms, 200 ms, ... at most every 2 s, forever: Redis coming back heals by itself.
    retryStrategy: (attempt) => Math.min(attempt * 100, 2_000),
    // Names the connection in Redis's CLIENT LIST, so an operator can tell instances apart.
    connectionName: "keel",
  });
  client.on("error", (error) => {
    // One line per 30 s at most: a Redis outage must not flood the logs with reconnect errors.
    if (Date.now() - lastWarning < 30_000) return;
    lastWarning = Date.now();
    log.warn("redis unreachable; sign-in limits refuse (503), other limits count per instance", {
      error: describeError(error),
    });
  });
  client.on("ready", () => {
    if (lastWarning !== 0) log.info("redis reachable again");
    lastWarning = 0;
  });
  return client;
}

/** Closes the connection at shutdown (pending replies are awaited). */
export async function closeRedis(): Promise<void> {
  const client = forgetProcessSingleton<Redis | null>(REDIS);
  if (client) await client.quit().catch(() => client.disconnect());
}
