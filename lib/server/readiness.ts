/**
 * Readiness (GET /api/v1/health/ready): can this instance serve? A load balancer or orchestrator
 * sends traffic only to ready instances, so each check names something that would make requests
 * here fail: the database does not answer, the schema is older than this build (a deploy whose
 * migrations have not run yet), the job worker that should run here is not running, or the process
 * is shutting down. Liveness (/health/live) stays the cheap "the process answers" probe.
 */
import "server-only";
import { getDatabase, pingDatabase } from "@/lib/db/client";
import { readMigrationFiles } from "@/lib/db/migration-files";
import { jobWorkerHealth } from "@/lib/jobs/worker";
import { processSingleton, processState } from "@/lib/process-singleton";

/** How long the database may take to answer before the instance counts as not ready. */
export const READINESS_DATABASE_TIMEOUT_MS = 800;

export interface Readiness {
  ready: boolean;
  database: "ok" | "down";
  /** "pending": this build has migrations the database does not (or the history cannot be read). */
  migrations: "ok" | "pending" | "unknown";
  /** "off": no worker runs in this process (JOB_WORKER=off), which is not a fault. */
  jobs: "ok" | "down" | "off";
  shuttingDown: boolean;
}

// Shared by the process's bundles: the signal handler marks it, the readiness route reads it.
const state = processState("server:readiness", () => ({ shuttingDown: false }));

/** Called once a shutdown signal arrives: from then on the instance reports not ready. */
export function markShuttingDown(): void {
  state.shuttingDown = true;
}

// The migration files of this build never change while it runs: read their names once.
function expectedMigrations(): string[] {
  return processSingleton("server:migration-names", () => readMigrationFiles().map((file) => file.name));
}

async function migrationsApplied(): Promise<Readiness["migrations"]> {
  try {
    const database = await getDatabase();
    const rows = await database.query<{ migration_name: string }>(
      "keel_ready_migrations",
      "SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL",
      [],
    );
    const applied = new Set(rows.map((row) => row.migration_name));
    return expectedMigrations().every((name) => applied.has(name)) ? "ok" : "pending";
  } catch {
    return "unknown";
  }
}

export async function checkReadiness(): Promise<Readiness> {
  const shuttingDown = state.shuttingDown;
  const databaseUp = await pingDatabase(READINESS_DATABASE_TIMEOUT_MS);
  const migrations = databaseUp ? await migrationsApplied() : "unknown";
  const worker = jobWorkerHealth();
  const jobs = !worker.runsHere ? "off" : worker.healthy ? "ok" : "down";
  return {
    ready: !shuttingDown && databaseUp && migrations === "ok" && jobs !== "down",
    database: databaseUp ? "ok" : "down",
    migrations,
    jobs,
    shuttingDown,
  };
}
