/**
 * Start-up and shutdown of the server process (called from instrumentation.ts).
 *
 * Start-up validates the configuration (a bad environment stops the server with a message that says
 * what to fix), opens the database and applies migrations, so problems show at boot rather than on
 * the first request. A database that is merely unreachable does not stop the server: it answers 503
 * and reconnects by itself when the database returns.
 *
 * Shutdown closes the pool or the embedded database before exiting; an embedded database that is not
 * closed needs crash recovery on the next start. Next's own signal handler exits at once, so the npm
 * scripts set NEXT_MANUAL_SIG_HANDLE=1 and this module exits the process itself.
 */
import { dummyPasswordHash } from "@/lib/auth/password";
import { closeDatabase, getDatabase } from "@/lib/db/client";
import { isDatabaseUnavailable } from "@/lib/db/errors";
import { MigrationIntegrityError } from "@/lib/db/migrate";
import { getConfig } from "@/lib/env";
import { startJobWorkerWhenReady, stopJobWorker } from "@/lib/jobs/worker";
import { describeError, log } from "@/lib/log";
import { appendPeerAddressToForwardedFor } from "./forwarded-for";

const state = globalThis as unknown as { __keelStarted?: boolean };

function fatal(error: unknown): never {
  console.error(`\n${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}

function installSignalHandlers(): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    log.info("shutting down", { signal });
    // Never hang forever on a stuck close: the platform would SIGKILL us anyway.
    setTimeout(() => process.exit(0), 10_000).unref();
    // The job in hand gets most of that time; anything unfinished is retried by another worker.
    stopJobWorker(7_000)
      .catch((error) => log.error("error while stopping the job worker", error))
      .then(() => closeDatabase())
      .catch((error) => log.error("error while closing the database", error))
      .finally(() => process.exit(0));
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}

export async function startServer(): Promise<void> {
  if (state.__keelStarted) return;
  state.__keelStarted = true;

  let config;
  try {
    config = getConfig();
  } catch (error) {
    fatal(error);
  }
  installSignalHandlers();
  if (!config.onVercel) appendPeerAddressToForwardedFor();
  // Computed now, so the first sign-in with an unknown login is not slower than the others.
  void dummyPasswordHash();

  if (config.database.kind === "embedded") {
    log.info(
      `data is stored in the embedded database at ${config.database.dir} (set DATABASE_URL to use Postgres)`,
    );
  }
  if (config.mail.transport === "mailbox") {
    log.info(`e-mails are not sent: read them at ${config.mail.appUrl}/dev/mailbox (set SMTP_URL to send them)`);
  } else if (config.mail.transport === "log") {
    log.warn("e-mails are not sent (MAIL_TRANSPORT=log): each one is only logged");
  }
  try {
    await getDatabase();
  } catch (error) {
    if (error instanceof MigrationIntegrityError) fatal(error);
    if (config.database.kind === "postgres" && isDatabaseUnavailable(error)) {
      log.warn("database unreachable at start; serving 503 until it answers", { error: describeError(error) });
      if (config.jobs.worker === "inline") startJobWorkerWhenReady();
      return;
    }
    fatal(error);
  }
  if (config.jobs.worker === "inline") startJobWorkerWhenReady();
}
