/**
 * Installs pg-boss's own schema (`pgboss`, beside Keel's tables in `public`) and Keel's queues.
 *
 * Runs every time the database is opened (registered below with lib/db/client.ts onDatabaseOpen;
 * enqueue.ts and boss.ts import this module, so it is registered before anything can enqueue), on
 * both engines: pg-boss refuses to insert into a queue that does not exist, and installing is idempotent
 * (pg-boss checks its version table and takes an advisory lock, so several instances starting at
 * once are safe). Keel's migration applier and drift check look only at the `public` schema, so the
 * two never see each other's tables.
 */
import PgBoss from "pg-boss";
import { onDatabaseOpen } from "@/lib/db/client";
import { getConfig } from "@/lib/env";
import { JOB_SCHEMA, queueNames } from "./queues";

/** What pg-boss needs from a connection: node-postgres's `query` shape. */
export interface SqlExecutor {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: any[] }>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** The retry policy every queue gets (pg-boss copies it into each job when the job is created). */
export function queuePolicy(): PgBoss.Queue {
  const { retryLimit, retryDelaySeconds, timeoutSeconds } = getConfig().jobs;
  return {
    name: "",
    retryLimit,
    retryDelay: retryDelaySeconds,
    retryBackoff: true,
    expireInSeconds: timeoutSeconds,
  };
}

/**
 * Two instances starting on a fresh database create the queues at the same moment, and pg-boss's
 * queue creation (a partition attached to its job table) can deadlock with the other's. Postgres
 * then aborts one of them; installing is idempotent, so that one simply tries again.
 */
export async function installJobQueues(db: SqlExecutor): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await installJobQueuesOnce(db);
    } catch (error) {
      const deadlock = (error as { code?: unknown } | null)?.code === "40P01" || /deadlock detected/i.test(String((error as Error | null)?.message));
      if (!deadlock || attempt >= 5) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt + Math.random() * 200));
    }
  }
}

async function installJobQueuesOnce(db: SqlExecutor): Promise<void> {
  // Not started as a worker: no polling, no maintenance timers; start() only installs or migrates
  // pg-boss's schema through our connection.
  const boss = new PgBoss({
    db: { executeSql: (text, values) => db.executeSql(text, values) },
    schema: JOB_SCHEMA,
    supervise: false,
    schedule: false,
    migrate: true,
  });
  await boss.start();
  const policy = queuePolicy();
  for (const name of queueNames) {
    await boss.createQueue(name, { ...policy, name });
    // createQueue leaves an existing queue alone; updateQueue applies a changed JOB_* setting.
    await boss.updateQueue(name, { ...policy, name });
  }
}

onDatabaseOpen("job-queues", installJobQueues);
