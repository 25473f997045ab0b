/**
 * The server process as an operator sees it: start-up checks, clean shutdown on SIGTERM, restarts
 * that keep data and migration state, and several servers sharing one Postgres.
 */
import fs from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, inject, it } from "vitest";
import { openEmbeddedDatabase } from "@/lib/db/embedded";
import { listMigrationRecords, type SqlSession } from "@/lib/db/migrate";
import { readMigrationFiles } from "@/lib/db/migration-files";
import { pgliteSession, pgSession } from "@/lib/db/sql-adapters";
import { createTestDatabase, tempDir, withClient } from "../support/database";
import { engineServerEnv } from "../support/engine";
import { type RunningServer, startServer } from "../support/server";
import { copyEmptyCluster } from "../support/storage";

const engine = inject("engine");
const migrationNames = readMigrationFiles().map((m) => m.name);

const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function server(env: Record<string, string | undefined>, options: { waitUntilReady?: boolean } = {}): Promise<RunningServer> {
  const started = await startServer({ env, ...options });
  cleanups.push(() => started.stop("SIGKILL"));
  return started;
}

/**
 * Fresh storage for one test: its own data folder, and its own database on the postgres engine.
 * `copied`: the folder starts as a copy of an empty PGlite cluster, for tests about what comes after
 * PGlite's initdb (tests/support/storage.ts); the first test keeps a truly empty folder.
 */
async function storage({ copied = false } = {}) {
  const dataDir = tempDir("life");
  if (copied && engine === "embedded") copyEmptyCluster(dataDir);
  cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
  const database = engine === "postgres" ? await createTestDatabase("life") : undefined;
  if (database) cleanups.push(() => database.drop());
  return {
    dataDir,
    databaseUrl: database?.url,
    env: engineServerEnv(engine, { dataDir, databaseUrl: database?.url }),
    /** Opens the database in this process while no server is running (PGlite has one owner). */
    async inspect<T>(fn: (session: SqlSession) => Promise<T>): Promise<T> {
      if (database) return withClient(database.url, (client) => fn(pgSession(client)));
      const embedded = await openEmbeddedDatabase(path.join(dataDir, "pglite"));
      try {
        return await fn(pgliteSession(embedded.db));
      } finally {
        await embedded.close();
      }
    },
  };
}

async function health(url: string) {
  const response = await fetch(`${url}/api/v1/health`);
  return { status: response.status, body: await response.json() };
}

describe(`server lifecycle (${engine})`, () => {
  it("keeps data and migration state across SIGTERM and restart, and shuts down cleanly", async () => {
    const store = await storage();
    const first = await server(store.env);
    expect((await health(first.url)).status).toBe(200);
    expect(await first.stop("SIGTERM")).toBe(0);
    expect(first.output()).toMatch(/"signal":"SIGTERM".*"msg":"shutting down"/);
    if (engine === "embedded") expect(fs.existsSync(path.join(store.dataDir, "pglite.lock"))).toBe(false);

    const before = await store.inspect(async (session) => {
      await session.query(
        "INSERT INTO users (username, email, password_hash, updated_at) VALUES ('persisted', 'persisted@example.com', 'x', now())",
      );
      return listMigrationRecords(session);
    });
    expect(before.map((r) => r.migration_name)).toEqual(migrationNames);

    const second = await server(store.env);
    expect((await health(second.url)).status).toBe(200);
    expect(await second.stop("SIGTERM")).toBe(0);

    await store.inspect(async (session) => {
      const users = await session.query<{ username: string }>("SELECT username FROM users");
      expect(users).toEqual([{ username: "persisted" }]);
      // Same records, not re-applied.
      expect((await listMigrationRecords(session)).map((r) => r.id)).toEqual(before.map((r) => r.id));
      // A clean close means no crash recovery: the id sequence continues where it was (after an
      // unclean stop, PGlite's recovery skips ahead by 32).
      const [next] = await session.query<{ id: number }>(
        "INSERT INTO users (username, email, password_hash, updated_at) VALUES ('next', 'next@example.com', 'x', now()) RETURNING id",
      );
      expect(next!.id).toBe(2);
    });
  }, 120_000); // Two server starts on the embedded database (migrations and the job queues each time).

  it.runIf(engine === "embedded")("says where the data lives, in one line", async () => {
    const store = await storage({ copied: true });
    const started = await server(store.env);
    const lines = (await started.flushedOutput()).split("\n").filter((line) => line.includes("embedded database"));
    expect(lines.map((line) => JSON.parse(line))).toEqual([
      expect.objectContaining({
        level: "info",
        msg: `data is stored in the embedded database at ${path.join(store.dataDir, "pglite")} (set DATABASE_URL to use Postgres)`,
      }),
    ]);
  });

  it.runIf(engine === "embedded")("refuses to open an embedded database another server is using", async () => {
    const store = await storage({ copied: true });
    const owner = await server(store.env);
    const intruder = await server(store.env, { waitUntilReady: false });
    expect(await intruder.exited).toBe(1);
    expect(intruder.output()).toContain(`is already open in process ${owner.process.pid}`);
    expect((await health(owner.url)).status).toBe(200);
  });

  it.runIf(engine === "postgres")("applies each migration exactly once when two servers start at once", async () => {
    const store = await storage();
    const [a, b] = await Promise.all([server(store.env), server(store.env)]);
    expect((await health(a!.url)).status).toBe(200);
    expect((await health(b!.url)).status).toBe(200);
    const records = await store.inspect((session) => listMigrationRecords(session));
    expect(records.map((r) => r.migration_name)).toEqual(migrationNames);
  });

  describe("refuses to start with an invalid environment, saying what to fix", () => {
    const cases: [string, Record<string, string | undefined>, string][] = [
      ["on Vercel without DATABASE_URL", { VERCEL: "1", DATABASE_URL: undefined }, "DATABASE_URL is required on Vercel"],
      ["in production without AUTH_SECRET", { AUTH_SECRET: undefined }, "AUTH_SECRET is required in production"],
      ["with a short AUTH_SECRET", { AUTH_SECRET: "short" }, "AUTH_SECRET: must be at least 32 characters"],
      ["with a DATABASE_URL that is not Postgres", { DATABASE_URL: "mysql://localhost/keel" }, "DATABASE_URL: must be a postgres://"],
    ];
    for (const [name, env, message] of cases) {
      it(name, async () => {
        const store = await storage();
        const started = await server({ ...store.env, ...env }, { waitUntilReady: false });
        expect(await started.exited).toBe(1);
        expect(started.output()).toContain(message);
      });
    }
  });
});
