/**
 * The pg-boss instance that runs jobs in this process (the in-server worker, `npm run worker`, or
 * the cron route), one per process.
 *
 * - Postgres: pg-boss gets its own small pool on the direct URL (DIRECT_DATABASE_URL, else
 *   DATABASE_URL), so polling never competes with requests for the app's connections and its
 *   advisory locks never pass through a transaction pooler.
 * - Embedded PGlite: pg-boss runs its SQL on the app's own PGlite instance (`db.executeSql`); PGlite is
 *   one connection in one process, so there is no second pool to open.
 */
import PgBoss from "pg-boss";
import { getDatabase } from "@/lib/db/client";
import { getConfig } from "@/lib/env";
import { describeError, log } from "@/lib/log";
import { forgetProcessSingleton, processSingleton } from "@/lib/process-singleton";
// Registers the queues' installation with the database (schema.ts), before anything here can run.
import "./schema";
import { JOB_SCHEMA } from "./queues";

const BOSS = "jobs:boss";

const POSTGRES_POOL_MAX = 3;

/**
 * Dead-lettered jobs stay in the queue (and on the admin page) this long before maintenance moves
 * them to pgboss.archive; pg-boss's default (12 hours) would hide a weekend's failures.
 */
const FAILED_JOBS_KEPT_SECONDS = 30 * 24 * 60 * 60;

/** Opens pg-boss on first use (with the first caller's options); a failed open is forgotten, so the next call retries. */
export function openBoss(options: { supervise: boolean }): Promise<PgBoss> {
  return processSingleton(BOSS, async () => {
    // Opening the database migrates it and installs pg-boss's schema and queues (lib/jobs/schema.ts).
    const database = await getDatabase();
    const config = getConfig();
    const common = {
      schema: JOB_SCHEMA,
      migrate: false,
      schedule: false,
      supervise: options.supervise,
      maintenanceIntervalSeconds: config.jobs.maintenanceIntervalSeconds,
      archiveFailedAfterSeconds: FAILED_JOBS_KEPT_SECONDS,
    };
    const boss =
      config.database.kind === "postgres"
        ? new PgBoss({
            ...common,
            connectionString: config.database.migrationUrl,
            max: POSTGRES_POOL_MAX,
            application_name: "keel-jobs",
            // Passed through to node-postgres's pool.
            connectionTimeoutMillis: config.database.connectTimeoutMs,
          } as PgBoss.ConstructorOptions)
        : new PgBoss({ ...common, db: { executeSql: (text, values) => database.executeSql(text, values) } });
    boss.on("error", (error) => log.warn("job queue error", { error: describeError(error) }));
    await boss.start();
    return boss;
  });
}

/** Stops maintenance timers and closes pg-boss's own pool (not the app's database). */
export async function closeBoss(): Promise<void> {
  const opening = forgetProcessSingleton<Promise<PgBoss>>(BOSS);
  const boss = await opening?.catch(() => null);
  await boss?.stop({ graceful: false, close: true }).catch(() => undefined);
}
