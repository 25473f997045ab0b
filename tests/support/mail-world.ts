/**
 * A production server of its own, on fresh storage of the run's engine, wired to a real SMTP sink
 * on loopback, with the job queue tuned for tests (fast polling, one-second retry backoff). Tests
 * that stop, kill or duplicate servers use this rather than the run's shared server.
 */
import fs from "node:fs";
import { createTestDatabase, type TestDatabase, tempDir } from "./database";
import { engineServerEnv, type TestEngine } from "./engine";
import { type Api, api } from "./http";
import { type RunningServer, startServer } from "./server";
import type { SmtpSink } from "./smtp-sink";

export const TEST_MAIL_FROM = "Keel Tests <no-reply@keel.test>";
export const TEST_APP_URL = "https://keel.test";

export interface MailWorld {
  engine: TestEngine;
  env: Record<string, string | undefined>;
  server: RunningServer;
  client: Api;
  dataDir: string;
  databaseUrl: string | null;
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
    JOB_RETRY_LIMIT: "4",
    JOB_TIMEOUT_SECONDS: "9",
    JOB_MAINTENANCE_INTERVAL_SECONDS: "1",
  };
}

export async function startMailWorld(engine: TestEngine, env: Record<string, string | undefined>): Promise<MailWorld> {
  const dataDir = tempDir("mail");
  let database: TestDatabase | undefined;
  const others: RunningServer[] = [];
  let server: RunningServer | undefined;
  const close = async () => {
    for (const s of [server, ...others]) await s?.stop();
    await database?.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    if (engine === "postgres") database = await createTestDatabase("mail");
    const fullEnv = { ...engineServerEnv(engine, { dataDir, databaseUrl: database?.url }), ...env };
    server = await startServer({ env: fullEnv });
    const world: MailWorld = {
      engine,
      env: fullEnv,
      server,
      client: api(server.url),
      dataDir,
      databaseUrl: database?.url ?? null,
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
      },
      close,
    };
    return world;
  } catch (error) {
    await close();
    throw error;
  }
}
