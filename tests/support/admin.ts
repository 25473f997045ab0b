/**
 * An administrator for the tests. The API can never make one (by design): the only way is the
 * operator's command `npm run user:create -- --admin`, so that is exactly what this runs.
 *
 * The admin lives in a world of its own: a production server on fresh storage of the run's engine
 * (its own PGlite folder, or its own Postgres database), on both engines alike. The embedded engine
 * needs that anyway (the command cannot open a PGlite folder the run's server holds), and on both
 * engines it makes the global rules testable with certainty: the test file knows every
 * administrator and every account there is, so "the last admin" and "all users" mean exactly what
 * the test set up.
 *
 * The command runs once per run and engine, in the global setup (`createAdminSeed`): it migrates
 * fresh storage and creates the administrator there, and every world starts from a copy of that
 * storage (a copied PGlite folder, or a Postgres database made with that one as its TEMPLATE). A
 * world cost about 10 s when each ran the command itself (tsx compiling the script, PGlite and the
 * migrations): some 300 s of each engine's run. Now a world costs a copy and a server start.
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { openEmbeddedDatabase } from "@/lib/db/embedded";
import type { SqlSession } from "@/lib/db/migrate";
import { pgliteSession, pgSession } from "@/lib/db/sql-adapters";
import { createTestDatabase, tempDir, withClient } from "./database";
import { engineServerEnv, type TestEngine } from "./engine";
import { type Api, api, type TestUser, type Tokens, tokensFor, uniqueName } from "./http";
import { baseServerEnv, type RunningServer, startServer } from "./server";
import { copyEmptyCluster, seededStorage } from "./storage";

const root = path.resolve(__dirname, "../..");

export interface AdminWorld {
  engine: TestEngine;
  baseUrl: string;
  client: Api;
  /** The world's own Postgres database (postgres engine), for SQL checks; null on embedded. */
  databaseUrl: string | null;
  /** The first administrator, created with `npm run user:create -- --admin`. */
  admin: TestUser;
  adminTokens: Tokens;
  /** The running server (a new process, on the same port, after withDatabase on embedded). */
  server: RunningServer;
  /**
   * SQL on the world's database, on both engines: Postgres directly; PGlite (one owner) with the
   * server stopped for the moment and started again on the same port, so `client` keeps working.
   */
  withDatabase<T>(fn: (session: SqlSession) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Runs `npm run user:create` with the password on standard input, as an operator would. */
export async function runUserCreate(
  env: Record<string, string | undefined>,
  user: { username: string; email: string; password: string; admin?: boolean },
): Promise<{ code: number | null; output: string }> {
  const childEnv: Record<string, string> = { ...baseServerEnv() };
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined) delete childEnv[key];
    else childEnv[key] = value;
  }
  const args = ["run", "--silent", "user:create", "--", ...(user.admin ? ["--admin"] : []), "--username", user.username, "--email", user.email];
  const child = spawn("npm", args, { cwd: root, env: childEnv as NodeJS.ProcessEnv, stdio: ["pipe", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  child.stdin.end(`${user.password}\n`);
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", resolve);
  });
  return { code, output };
}

/** Storage holding the migrated schema and one administrator, made by `npm run user:create -- --admin`. */
export interface AdminSeed {
  /** The PGlite folder (embedded) to copy. */
  dataDir: string;
  /** The Postgres database (postgres engine) to use as a template; null on embedded. */
  databaseName: string | null;
  admin: TestUser & { id: number };
}

/**
 * Run once per run and engine by the global setup; `drop` removes the seed's storage.
 * `emptyCluster`: an empty PGlite cluster to start from (embedded), instead of PGlite's own initdb.
 */
export async function createAdminSeed(engine: TestEngine, emptyCluster?: string): Promise<{ seed: AdminSeed; drop(): Promise<void> }> {
  const dataDir = tempDir("seed");
  if (emptyCluster) copyEmptyCluster(dataDir, emptyCluster);
  const database = engine === "postgres" ? await createTestDatabase("seed") : undefined;
  const drop = async () => {
    await database?.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  const username = uniqueName("root");
  const admin = { username, email: `${username}@example.com`, password: `admin passphrase ${randomBytes(6).toString("hex")}` };
  const created = await runUserCreate(engineServerEnv(engine, { dataDir, databaseUrl: database?.url }), { ...admin, admin: true });
  const match = /Created administrator \S+ \(id (\d+)\)\./.exec(created.output);
  if (created.code !== 0 || !match) {
    await drop();
    throw new Error(`user:create failed (${created.code}):\n${created.output}`);
  }
  return { seed: { dataDir, databaseName: database?.name ?? null, admin: { id: Number(match[1]), ...admin } }, drop };
}

/** `extraEnv`: more server variables (e.g. an identity provider's, tests/support/oidc-provider.ts). */
export async function startAdminWorld(engine: TestEngine, extraEnv: Record<string, string> = {}): Promise<AdminWorld> {
  const storage = await seededStorage(engine, "admin");
  const { dataDir, admin, env } = storage;
  const databaseUrl = storage.databaseUrl;

  let server: RunningServer | undefined;
  const close = async () => {
    const code = await server?.stop();
    if (server && code !== 0) console.error(`admin test server exited with ${code}:\n${server.output()}`);
    await storage.drop();
  };
  try {
    const serverEnv = { ...env, ...extraEnv };
    server = await startServer({ env: serverEnv });
    const client = api(server.url);
    const adminTokens = await tokensFor(client, admin);
    return {
      engine,
      baseUrl: server.url,
      client,
      databaseUrl,
      admin,
      adminTokens,
      get server() {
        return server!;
      },
      async withDatabase(fn) {
        if (databaseUrl) return withClient(databaseUrl, (c) => fn(pgSession(c)));
        const port = server!.port;
        await server!.stop("SIGTERM");
        const embedded = await openEmbeddedDatabase(path.join(dataDir, "pglite"));
        try {
          return await fn(pgliteSession(embedded.db));
        } finally {
          await embedded.close();
          server = await startServer({ env: serverEnv, port });
        }
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
