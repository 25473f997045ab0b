/**
 * A production server of its own, on its own storage of the run's engine (a copy of the run's seed,
 * tests/support/storage.ts), wired to a real SMTP sink
 * on loopback, with the job queue tuned for tests (fast polling, one-second retry backoff). Tests
 * that stop, kill or duplicate servers use this rather than the run's shared server.
 */
import type { TestEngine } from "./engine";
import { type Api, api, type TestUser, type Tokens, tokensFor } from "./http";
import { jobsSettled } from "./jobs";
import { type RunningServer, startServer } from "./server";
import type { SmtpSink } from "./smtp-sink";
import { seededStorage } from "./storage";

export const TEST_MAIL_FROM = "Keel Tests <no-reply@keel.test>";
export const TEST_APP_URL = "https://keel.test";

export interface MailWorld {
  engine: TestEngine;
  env: Record<string, string | undefined>;
  server: RunningServer;
  client: Api;
  dataDir: string;
  databaseUrl: string | null;
  /** An administrator created with `npm run user:create -- --admin` before the server started. */
  admin: TestUser;
  adminTokens(): Promise<Tokens>;
  /**
   * Resolves once the e-mail queue holds nothing waiting, retrying or running (the admin job
   * overview, GET /api/v1/admin/jobs): every e-mail the server has meant to send so far is in the
   * sink, since a job completes only after the SMTP server accepted its message. Tests that check
   * that nothing more arrives wait for this rather than sleeping: a sleep is too short on a loaded
   * machine (the check passes without checking) and too long everywhere else. Needs a running worker.
   */
  mailSettled(timeoutMs?: number): Promise<void>;
  /** Starts one more server on the same storage (Postgres only: PGlite has one owner). */
  startAnother(env?: Record<string, string | undefined>): Promise<RunningServer>;
  /** Kills the server (default SIGKILL) and starts a new one on the same storage. */
  restart(signal?: NodeJS.Signals): Promise<void>;
  close(): Promise<void>;
}

export function mailEnv(sink: SmtpSink): Record<string, string> {
  return {
    SMTP_URL: sink.url,
    MAIL_TRANSPORT: "smtp",
    MAIL_FROM: TEST_MAIL_FROM,
    APP_URL: TEST_APP_URL,
    JOB_POLL_INTERVAL_SECONDS: "0.5",
    JOB_RETRY_DELAY_SECONDS: "1",
    JOB_RETRY_LIMIT: "2",
    JOB_TIMEOUT_SECONDS: "9",
    JOB_MAINTENANCE_INTERVAL_SECONDS: "1",
  };
}

export async function startMailWorld(engine: TestEngine, env: Record<string, string | undefined>): Promise<MailWorld> {
  // A copy of the run's seed: migrated, with an administrator made by the operator's command
  // (tests/support/storage.ts says why a copy and not fresh storage).
  const storage = await seededStorage(engine, "mail");
  const { dataDir, admin } = storage;
  const others: RunningServer[] = [];
  let server: RunningServer | undefined;
  let overviewToken: string | undefined;
  const close = async () => {
    for (const s of [server, ...others]) await s?.stop();
    await storage.drop();
  };
  try {
    const fullEnv = { ...storage.env, ...env };
    server = await startServer({ env: fullEnv });
    const world: MailWorld = {
      engine,
      env: fullEnv,
      server,
      client: api(server.url),
      dataDir,
      databaseUrl: storage.databaseUrl,
      admin,
      adminTokens: () => tokensFor(world.client, admin),
      async mailSettled(timeoutMs = 30_000) {
        // One sign-in for the world (each sign-in of the admin would queue a new-device notice).
        overviewToken ??= (await world.adminTokens()).accessToken;
        await jobsSettled(world.client, overviewToken, "send-email", timeoutMs);
      },
      async startAnother(extra = {}) {
        if (engine !== "postgres") throw new Error("only Postgres can be shared by two servers");
        const another = await startServer({ env: { ...fullEnv, ...extra } });
        others.push(another);
        return another;
      },
      async restart(signal = "SIGKILL") {
        await server!.stop(signal);
        server = await startServer({ env: fullEnv, port: server!.port });
        world.server = server;
        world.client = api(server.url);
      },
      close,
    };
    return world;
  } catch (error) {
    await close();
    throw error;
  }
}
