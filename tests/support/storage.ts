/**
 * Storage for a test's own server, copied from the run's seed (tests/support/admin.ts,
 * `createAdminSeed`): the migrated schema and one administrator made by `npm run user:create`.
 *
 * Why a copy and not fresh storage: on fresh storage the server migrates at start, and a test that
 * needs an administrator runs the operator's command first (tsx compiling the script, PGlite and
 * every migration: about 10 s per world on PGlite, more on a loaded machine). A copy is a folder copy
 * (PGlite) or `CREATE DATABASE ... TEMPLATE` (Postgres): well under a second. Tests whose subject
 * is empty storage itself (the operator's first administrator, migrations at start) keep making
 * fresh storage: tests/integration/auth-admin.test.ts, lifecycle.test.ts, migrations.test.ts.
 */
import fs from "node:fs";
import path from "node:path";
import { inject } from "vitest";
import { openEmbeddedDatabase } from "@/lib/db/embedded";
import type { AdminSeed } from "./admin";
import { createTestDatabase, type TestDatabase, tempDir } from "./database";
import { engineServerEnv, type TestEngine } from "./engine";

export interface SeededStorage {
  /** The PGlite folder (embedded), or where a Postgres server keeps its local files. */
  dataDir: string;
  /** The copy's Postgres database (postgres engine); null on embedded. */
  databaseUrl: string | null;
  /** KEEL_DATA_DIR and DATABASE_URL for a server on this storage. */
  env: Record<string, string | undefined>;
  /** The administrator the seed holds. */
  admin: AdminSeed["admin"];
  drop(): Promise<void>;
}

/**
 * Makes `dataDir` hold an empty, never-migrated PGlite cluster, copied from the one the global setup
 * initialised (`createEmptyCluster`). Why: PGlite runs initdb in WebAssembly for a new folder, 5.3 s
 * and 7.4 CPU-seconds here, against 0.8 s and 0.9 for a copy and an open; the tests that use it are
 * about what comes after (migrations, a server's first start), not about initdb. The first start
 * on a truly empty folder stays tested: lifecycle.test.ts, auth-admin.test.ts and the browser tests'
 * server (e2e/server.mjs) use empty folders.
 */
export function copyEmptyCluster(dataDir: string, cluster = inject("emptyCluster")): void {
  if (!cluster) throw new Error("The empty PGlite cluster is made for the embedded engine only.");
  fs.cpSync(cluster, path.join(dataDir, "pglite"), { recursive: true });
}

/** Run by the global setup (embedded engine): a closed, empty cluster in its own folder, to copy. */
export async function createEmptyCluster(): Promise<{ dir: string; drop(): void }> {
  const folder = tempDir("empty");
  const dir = path.join(folder, "pglite");
  const embedded = await openEmbeddedDatabase(dir);
  await embedded.close();
  return { dir, drop: () => fs.rmSync(folder, { recursive: true, force: true }) };
}

export async function seededStorage(engine: TestEngine, label: string): Promise<SeededStorage> {
  const seed = inject("adminSeed");
  const dataDir = tempDir(label);
  let database: TestDatabase | undefined;
  const drop = async () => {
    await database?.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    if (engine === "postgres") database = await createTestDatabase(label.replace(/\W/g, "_"), seed.databaseName!);
    // The seed's PGlite folder is a closed cluster (its command has exited): nothing holds it open.
    else fs.cpSync(seed.dataDir, dataDir, { recursive: true });
  } catch (error) {
    await drop();
    throw error;
  }
  return {
    dataDir,
    databaseUrl: database?.url ?? null,
    env: engineServerEnv(engine, { dataDir, databaseUrl: database?.url }),
    admin: seed.admin,
    drop,
  };
}
