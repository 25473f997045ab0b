/**
 * Waiting for background jobs to finish, through the administrator's job overview
 * (GET /api/v1/admin/jobs): a queue has settled when it holds no job that is waiting, retrying or
 * running.
 *
 * Why not a pause: "nothing more arrives" after a fixed sleep passes whenever the sleep is too short
 * for a loaded machine, and costs its full length when it is long enough. Jobs are queued in the
 * transaction of the change that causes them (lib/jobs/enqueue.ts), so once the request that made
 * the change has answered, its jobs are in the overview: a settled queue means every one of them
 * has run, and what they sent has been sent.
 */
import { JOB_SCHEMA, type QueueName } from "@/lib/jobs/queues";
import { withClient } from "./database";
import type { Api } from "./http";

interface QueueCounts {
  name: string;
  counts: { created: number; retry: number; active: number };
}

export async function jobsSettled(client: Api, adminToken: string, queue: QueueName, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const overview = await client.get("/api/v1/admin/jobs", { token: adminToken });
    if (overview.status !== 200) throw new Error(`the job overview answered ${overview.status}`);
    const found = (overview.body.queues as QueueCounts[]).find((q) => q.name === queue);
    if (!found) throw new Error(`the job overview has no ${queue} queue`);
    const { created, retry, active } = found.counts;
    if (created + retry + active === 0) return;
    if (Date.now() > deadline) throw new Error(`${queue} jobs still queued after ${timeoutMs} ms: ${JSON.stringify(found.counts)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * The same wait read from a Postgres database directly, for tests without an administrator (the
 * job table is pg-boss's, in the schema lib/jobs/queues.ts names).
 */
export async function jobsSettledInDatabase(databaseUrl: string, queue: QueueName, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  await withClient(databaseUrl, async (client) => {
    for (;;) {
      const { rows } = await client.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM ${JOB_SCHEMA}.job WHERE name = $1 AND state IN ('created', 'retry', 'active')`,
        [queue],
      );
      if (rows[0]!.n === 0) return;
      if (Date.now() > deadline) throw new Error(`${rows[0]!.n} ${queue} jobs still queued after ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  });
}
