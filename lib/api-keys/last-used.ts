/**
 * `lastUsedAt` without a write per request: throttled. The key check reads the stored value anyway
 * (authenticate.ts); only when it is older than LAST_USED_RESOLUTION_MS is it written, by a
 * conditional UPDATE that another instance's write of the same minute makes a no-op. So a key in
 * constant use costs one small write a minute, not one per request, nothing is held in memory to be
 * lost in a crash, and the value is exact to the minute. The write does not hold up the response.
 */
import { getDb } from "@/lib/db/client";
import { describeError, log } from "@/lib/log";

export const LAST_USED_RESOLUTION_MS = 60_000;

export function noteKeyUsed(keyId: number, storedLastUsedAt: Date | null, now = new Date()): void {
  if (storedLastUsedAt && now.getTime() - storedLastUsedAt.getTime() < LAST_USED_RESOLUTION_MS) return;
  const staleBefore = new Date(now.getTime() - LAST_USED_RESOLUTION_MS);
  void getDb()
    .then((db) =>
      db.apiKey.updateMany({
        where: { id: keyId, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: staleBefore } }] },
        data: { lastUsedAt: now },
      }),
    )
    .catch((error) => log.warn("could not record an API key's last use", { key: keyId, error: describeError(error) }));
}
