/**
 * npm run worker: runs jobs in a process of its own, for deployments that separate web and worker
 * (web servers then run with JOB_WORKER=off). Any number of workers can share one Postgres: pg-boss
 * hands each job to exactly one of them.
 *
 * Needs DATABASE_URL. The embedded database (PGlite) belongs to one process, the server, which runs
 * the jobs itself (JOB_WORKER=inline, the default).
 */
import "@/lib/features";
import { closeDatabase, getDatabase } from "@/lib/db/client";
import { getConfig } from "@/lib/env";
import { startJobWorker, stopJobWorker } from "@/lib/jobs/worker";
import { log } from "@/lib/log";

async function main(): Promise<void> {
  const config = getConfig();
  if (config.database.kind === "embedded") {
    console.error(
      "npm run worker needs a Postgres database (DATABASE_URL). The embedded database can be opened by one process " +
        "only, the server, and the server already runs the jobs (JOB_WORKER=inline, the default).",
    );
    process.exit(2);
  }
  await getDatabase();
  await startJobWorker();
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    log.info("worker shutting down", { signal });
    setTimeout(() => process.exit(0), 30_000).unref();
    stopJobWorker(25_000)
      .then(() => closeDatabase())
      .finally(() => process.exit(0));
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
