/**
 * Start-up and shutdown of the server process (called from instrumentation.ts).
 *
 * Start-up validates the configuration (a bad environment stops the server with a message that says
 * what to fix), opens the database and applies migrations, so problems show at boot rather than on
 * the first request. A database that is merely unreachable does not stop the server: it answers 503
 * and reconnects by itself when the database returns.
 *
 * Shutdown (SIGTERM or SIGINT), within SHUTDOWN_TIMEOUT_MS in all:
 * 1. readiness answers 503, so a load balancer stops sending requests here;
 * 2. the listening socket closes (new connections are refused and go to another instance) and the
 *    requests in flight are finished (lib/server/node-hooks.ts), while the job worker finishes the
 *    job in hand (anything unfinished is retried by another worker: jobs are at-least-once);
 * 3. the pool or the embedded database is closed (an embedded database that is not closed needs
 *    crash recovery on the next start), then Redis, then the last spans are flushed, and the
 *    process exits.
 * Next's own signal handler exits at once, so the npm scripts set NEXT_MANUAL_SIG_HANDLE=1 and this
 * module exits the process itself.
 */
import { closeDatabase, getDatabase } from "@/lib/db/client";
import { isDatabaseUnavailable } from "@/lib/db/errors";
import { MigrationIntegrityError } from "@/lib/db/migrate";
import { getConfig } from "@/lib/env";
import { startJobWorkerWhenReady, stopJobWorker } from "@/lib/jobs/worker";
import { describeError, log } from "@/lib/log";
import { processState } from "@/lib/process-singleton";
import { closeRedis, getRedis } from "@/lib/redis";
import { flushTraces } from "@/lib/tracing";
import { drainRequests, installNodeHooks } from "./node-hooks";
import { markShuttingDown } from "./readiness";

/** The whole shutdown's bound: orchestrators SIGKILL after a grace period (Kubernetes: 30 s, Docker: 10 s). */
export const SHUTDOWN_TIMEOUT_MS = 9_500;
/** Requests and the job in hand get this long; the rest of the bound is for closing connections. */
const DRAIN_TIMEOUT_MS = 7_000;

// Once per process, though instrumentation may load this module in more than one copy.
const state = processState("server:lifecycle", () => ({ started: false }));

function fatal(error: unknown): never {
  console.error(`\n${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}

function installSignalHandlers(): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    // Readiness answers 503 from now on, so a load balancer stops sending new requests here.
    markShuttingDown();
    log.info("shutting down", { signal });
    // Never hang forever on a stuck close: the platform would SIGKILL us anyway.
    setTimeout(() => {
      log.warn("shutdown took too long; exiting");
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS).unref();
    Promise.all([
      drainRequests(DRAIN_TIMEOUT_MS).then((unfinished) => {
        if (unfinished > 0) log.warn("requests still running at the shutdown bound", { unfinished });
      }),
      stopJobWorker(DRAIN_TIMEOUT_MS).catch((error) => log.error("error while stopping the job worker", error)),
    ])
      .then(() => closeDatabase())
      .catch((error) => log.error("error while closing the database", error))
      .then(() => closeRedis())
      .then(() => flushTraces())
      .catch((error) => log.error("error while closing connections", error))
      .finally(() => {
        log.info("shut down");
        process.exit(0);
      });
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}

export async function startServer(options: { warmUps?: readonly (() => unknown)[] } = {}): Promise<void> {
  if (state.started) return;
  state.started = true;

  let config;
  try {
    config = getConfig();
  } catch (error) {
    fatal(error);
  }
  installSignalHandlers();
  if (!config.onVercel) {
    // Node's own server only: request ids, draining, X-Forwarded-For, TRACE, and the direct body read
    // that KEEL_NODE_HOOKS switches (lib/server/node-hooks.ts).
    installNodeHooks({ nodeHooks: config.nodeHooks, production: config.production });
  }
  // Connect now, so the first sign-in does not wait for (or get refused during) the handshake.
  getRedis();
  // The features' start-up work (lib/features.ts says what), not awaited: the server listens meanwhile.
  for (const warmUp of options.warmUps ?? []) void warmUp();

  if (config.auth.bcryptCost < 10) {
    log.warn(`passwords are hashed at bcrypt cost ${config.auth.bcryptCost} (BCRYPT_ALLOW_LOW_COST): for test servers only`);
  }
  if (config.webhooks.allowPrivateUrls && config.production) {
    log.warn("WEBHOOKS_ALLOW_PRIVATE_URLS is on: webhooks may be http and may reach private, loopback and metadata addresses (development and tests only)");
  }
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
