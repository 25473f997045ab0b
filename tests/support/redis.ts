/**
 * The Redis the tests use (TEST_REDIS_URL, default the local one on 6379), and a fresh key prefix
 * per test server so that runs and files sharing one Redis never see each other's counters.
 */
import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";

export const testRedisUrl = (): string => process.env.TEST_REDIS_URL || "redis://127.0.0.1:6379";

export function freshRedisPrefix(label: string): string {
  return `keeltest:${label}:${randomBytes(4).toString("hex")}:`;
}

/** Keys under `prefix`, read by a client of the test's own (never through the server). */
export async function redisKeys(prefix: string): Promise<string[]> {
  const client = new Redis(testRedisUrl(), { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await client.connect();
    return await client.keys(`${prefix}*`);
  } finally {
    client.disconnect();
  }
}

/** Deletes the keys under `prefix` (after a file's servers are gone). */
export async function dropRedisPrefix(prefix: string): Promise<void> {
  const client = new Redis(testRedisUrl(), { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await client.connect();
    const keys = await client.keys(`${prefix}*`);
    if (keys.length > 0) await client.del(...keys);
  } finally {
    client.disconnect();
  }
}
