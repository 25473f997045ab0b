/**
 * The one database client factory. Everything that talks to the database calls `getDb()` and does
 * not know which engine is behind it:
 *
 * - DATABASE_URL set: Postgres through @prisma/adapter-pg with a bounded pool;
 * - DATABASE_URL unset: the embedded PGlite database under KEEL_DATA_DIR, migrated on open.
 *
 * The open database is kept once per process (lib/process-singleton.ts) because Next bundles route
 * handlers, server actions and instrumentation separately (each bundle has its own copy of this
 * module) and dev mode reloads modules; one process must have exactly one pool or PGlite instance.
 */
import "server-only";
import { createHash } from "node:crypto";
import { SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { Unavailable } from "@/lib/errors";
import { type DatabaseConfig, getConfig } from "@/lib/env";
import { log, describeError } from "@/lib/log";
import { PrismaClient } from "./generated/client";
import { processSingleton, processState } from "@/lib/process-singleton";
import { applyMigrations } from "./migrate";
import { pgliteSession, pgSession } from "./sql-adapters";

export type DatabaseEngine = DatabaseConfig["kind"];

export interface OpenDatabase {
  prisma: PrismaClient;
  engine: DatabaseEngine;
  /**
   * One parameterised statement straight to the driver (a named, cached prepared statement on
   * Postgres), bypassing Prisma's query pipeline. Only for the hottest, simplest reads (the
   * per-request session check); everything else goes through Prisma.
   */
  query<Row>(name: string, sql: string, params: unknown[]): Promise<Row[]>;
  /**
   * Raw SQL in the shape pg-boss expects (`db.executeSql`). Without values it may hold several
   * statements (pg-boss's schema and maintenance scripts run as one simple query).
   */
  executeSql(text: string, values?: unknown[]): Promise<{ rows: any[] }>; // eslint-disable-line @typescript-eslint/no-explicit-any
  close(): Promise<void>;
}

/**
 * `open`: the database being opened or open (replaced by a promise that also waits for a setup
 * registered later, see onDatabaseOpen); `closed`: closeDatabase() ran, and no new open may start.
 */
interface DatabaseState {
  open?: Promise<OpenDatabase>;
  closed: boolean;
}

/** The name of the process's DatabaseState (a test that closes the database re-opens it through it). */
export const DATABASE_STATE = "db:state";

const state = processState(DATABASE_STATE, (): DatabaseState => ({ closed: false }));

const migrationLog = (message: string) => log.info(message, { component: "migrate" });

/**
 * A span around one direct statement (lib/tracing.ts), on either engine: Prisma's instrumentation
 * sees only Prisma's queries. With tracing off the tracer is OpenTelemetry's no-op one.
 */
function tracedQuery<Row>(name: string, run: () => Promise<Row[]>): Promise<Row[]> {
  return trace.getTracer("keel").startActiveSpan(
    `db.query ${name}`,
    { kind: SpanKind.CLIENT, attributes: { "db.system.name": "postgresql", "db.query.summary": name } },
    async (span) => {
      try {
        return await run();
      } catch (error) {
        span.setStatus({ code: SpanStatusCode.ERROR, message: describeError(error) });
        throw error;
      } finally {
        span.end();
      }
    },
  );
}

const statementNames = new Map<string, string>();

/**
 * Names SQL texts so that node-postgres prepares each statement once per connection and reuses it,
 * instead of parsing and planning the same query on every request. Prisma's SQL is parameterised, so
 * there are few distinct texts; the map is bounded anyway.
 */
function preparedStatementName(query: { sql: string }): string {
  let name = statementNames.get(query.sql);
  if (!name) {
    name = `keel_${createHash("sha1").update(query.sql).digest("hex").slice(0, 20)}`;
    if (statementNames.size < 2_000) statementNames.set(query.sql, name);
  }
  return name;
}

/** Applies pending migrations over a dedicated, direct connection (advisory locks need a session). */
async function migratePostgres(url: string, connectTimeoutMs = 10_000) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: connectTimeoutMs });
  // A connection dropped mid-migration surfaces as a failed query; do not let it crash the process.
  client.on("error", () => undefined);
  await client.connect();
  try {
    return await applyMigrations(pgSession(client), { log: migrationLog });
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Work that must be done on every database this process opens before anyone uses it (the job queues). */
export type DatabaseSetup = (database: OpenDatabase) => Promise<void>;

// By name, once per process: each Next bundle that loads the registering module registers again.
const setups = processSingleton("db:setups", () => new Map<string, DatabaseSetup>());

/**
 * Registers a setup, run on the database when it opens (before getDatabase resolves). The database
 * layer knows no feature or job: the jobs machinery registers its queues here when it loads
 * (lib/jobs/schema.ts). Registered after the database opened, the setup runs on it at once and the
 * next getDatabase waits for it.
 */
export function onDatabaseOpen(name: string, setup: DatabaseSetup): void {
  if (setups.has(name)) return;
  setups.set(name, setup);
  const open = state.open;
  if (!open) return;
  const ready = open.then(async (database) => (await setup(database), database));
  state.open = ready;
  ready.catch(() => {
    if (state.open === ready) state.open = undefined;
  });
}

/**
 * Runs the registered setups on a database that just opened, so nothing can use it half-ready (an
 * enqueue into a missing queue); a database that cannot take them is closed again and the open fails.
 */
async function withSetups(database: OpenDatabase): Promise<OpenDatabase> {
  try {
    for (const setup of setups.values()) await setup(database);
  } catch (error) {
    await database.close();
    throw error;
  }
  return database;
}

async function openPostgres(config: Extract<DatabaseConfig, { kind: "postgres" }>, migrate: boolean): Promise<OpenDatabase> {
  if (migrate) await migratePostgres(config.migrationUrl, config.connectTimeoutMs);
  const pool = new pg.Pool({
    connectionString: config.url,
    max: config.poolMax,
    connectionTimeoutMillis: config.connectTimeoutMs,
    idleTimeoutMillis: 30_000,
    keepAlive: true,
    ...(config.statementTimeoutMs > 0 ? { statement_timeout: config.statementTimeoutMs } : {}),
  });
  // An idle connection that dies (database restart, network cut) is discarded by the pool; without a
  // listener node-postgres would turn it into an uncaught exception.
  pool.on("error", (error) => log.warn("idle database connection lost", { error: describeError(error) }));
  const adapter = new PrismaPg(pool, config.preparedStatements ? { statementNameGenerator: preparedStatementName } : undefined);
  const prisma = new PrismaClient({ adapter });
  const database: OpenDatabase = {
    prisma,
    engine: "postgres",
    query<Row>(name: string, sql: string, params: unknown[]) {
      return tracedQuery(name, async () => {
        const result = await pool.query({ ...(config.preparedStatements ? { name } : {}), text: sql, values: params });
        return result.rows as Row[];
      });
    },
    async executeSql(text: string, values?: unknown[]) {
      // No values: node-postgres uses the simple query protocol, which accepts several statements.
      return pool.query(text, values && values.length > 0 ? values : undefined);
    },
    async close() {
      await prisma.$disconnect().catch(() => undefined);
      await pool.end().catch(() => undefined);
    },
  };
  return withSetups(database);
}

async function openEmbedded(dir: string): Promise<OpenDatabase> {
  // Loaded only for the embedded engine: a Postgres deployment never pays PGlite's memory.
  const [{ openEmbeddedDatabase }, { pgliteAdapter }] = await Promise.all([import("./embedded"), import("./pglite-adapter")]);
  const embedded = await openEmbeddedDatabase(dir);
  try {
    // The embedded database always migrates on open: it belongs to this process alone.
    await applyMigrations(pgliteSession(embedded.db), { log: migrationLog });
  } catch (error) {
    await embedded.close();
    throw error;
  }
  const prisma = new PrismaClient({ adapter: pgliteAdapter(embedded.db) });
  const database: OpenDatabase = {
    prisma,
    engine: "embedded",
    query<Row>(name: string, sql: string, params: unknown[]) {
      return tracedQuery(name, async () => (await embedded.db.query<Row>(sql, params)).rows);
    },
    async executeSql(text: string, values?: unknown[]) {
      if (values && values.length > 0) return embedded.db.query(text, values);
      // PGlite's query() speaks the extended protocol (one statement); exec() runs a whole script.
      const results = await embedded.db.exec(text);
      return { rows: results.at(-1)?.rows ?? [] };
    },
    async close() {
      await prisma.$disconnect().catch(() => undefined);
      await embedded.close();
    },
  };
  return withSetups(database);
}

/** Opens the database on first use; a failed open is forgotten so that the next call retries. */
export function getDatabase(): Promise<OpenDatabase> {
  if (state.closed) return Promise.reject(new Unavailable("The server is shutting down."));
  if (!state.open) {
    const config = getConfig();
    const opening =
      config.database.kind === "postgres"
        ? openPostgres(config.database, config.migrateOnStart)
        : openEmbedded(config.database.dir);
    state.open = opening;
    opening.catch(() => {
      if (state.open === opening) state.open = undefined;
    });
  }
  return state.open;
}

export async function getDb(): Promise<PrismaClient> {
  return (await getDatabase()).prisma;
}

/** A real round trip to the database, bounded in time. Resolves true when the database answered. */
export async function pingDatabase(timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  const ping = (async () => {
    const db = await getDb();
    await db.$queryRaw`SELECT 1`;
    return true;
  })().catch(() => false);
  try {
    return await Promise.race([ping, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Closes the pool or the embedded database; later calls to getDb() fail with Unavailable. */
export async function closeDatabase(): Promise<void> {
  state.closed = true;
  const opening = state.open;
  state.open = undefined;
  if (!opening) return;
  const db = await opening.catch(() => null);
  await db?.close();
}
