/**
 * Keel's migration applier. Prisma Migrate's own commands need a native schema engine that cannot be
 * downloaded on every machine Keel runs on, so Keel applies the same SQL files itself and keeps
 * Prisma's bookkeeping table `_prisma_migrations` exactly as Prisma Migrate does (same columns,
 * same checksums, same meaning of each column). A database migrated here is "already in sync" for
 * `prisma migrate deploy`, and a database migrated by Prisma is accepted here.
 *
 * What it adds over Prisma:
 * - each migration runs in one transaction together with its bookkeeping row, so a failure leaves
 *   no half-applied schema behind (Prisma runs the script outside a transaction);
 * - it refuses to run, and says why, when an applied migration's file has changed or a previous
 *   migration failed, instead of guessing.
 *
 * It takes Prisma Migrate's own advisory lock (72707369), so two Keel instances starting at once,
 * or Keel and `prisma migrate deploy`, never apply a migration twice.
 */
import "server-only";
import { randomUUID } from "node:crypto";
import { type MigrationFile, readMigrationFiles, scriptMatchesChecksum } from "./migration-files";

/** The minimal connection the applier needs; implemented for node-postgres and for PGlite. */
export interface SqlSession {
  query<Row = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<Row[]>;
  /** Runs a script that may hold several statements (simple query protocol, no parameters). */
  exec(sql: string): Promise<void>;
}

/** The migration history and the files disagree; a human must decide. Never retried. */
export class MigrationIntegrityError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MigrationIntegrityError";
  }
}

/** Prisma Migrate's advisory lock id (prisma-engines, sql-schema-connector/src/flavour/postgres.rs). */
const PRISMA_MIGRATE_LOCK_ID = 72707369;

// Byte for byte the table Prisma Migrate creates (PostgresFlavour::create_migrations_table).
const CREATE_MIGRATIONS_TABLE = `CREATE TABLE _prisma_migrations (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             TIMESTAMPTZ,
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          TIMESTAMPTZ,
    started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_steps_count     INTEGER NOT NULL DEFAULT 0
);
`;

export interface MigrationRecord {
  id: string;
  checksum: string;
  migration_name: string;
  finished_at: Date | string | null;
  rolled_back_at: Date | string | null;
  logs: string | null;
  applied_steps_count: number;
}

export interface MigrateOptions {
  migrations?: MigrationFile[];
  /** How long to wait for another instance that holds the migration lock. */
  lockTimeoutMs?: number;
  log?: (message: string) => void;
}

export interface MigrateResult {
  applied: string[];
  /** Migrations recorded in the database that have no file here (e.g. after rolling back a deploy). */
  unknown: string[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function withMigrationLock<T>(session: SqlSession, timeoutMs: number, log: (m: string) => void, fn: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let announced = false;
  for (;;) {
    const [row] = await session.query<{ locked: boolean }>("SELECT pg_try_advisory_lock($1) AS locked", [
      PRISMA_MIGRATE_LOCK_ID,
    ]);
    if (row?.locked) break;
    if (Date.now() > deadline) {
      throw new Error(
        `Timed out after ${timeoutMs} ms waiting for the migration lock: another instance (or prisma migrate) is migrating this database.`,
      );
    }
    if (!announced) {
      log("waiting for another instance to finish migrating this database");
      announced = true;
    }
    await sleep(200);
  }
  try {
    return await fn();
  } finally {
    await session.query("SELECT pg_advisory_unlock($1)", [PRISMA_MIGRATE_LOCK_ID]).catch(() => undefined);
  }
}

async function migrationsTableExists(session: SqlSession): Promise<boolean> {
  const [row] = await session.query<{ exists: boolean }>(
    "SELECT to_regclass('_prisma_migrations') IS NOT NULL AS exists",
  );
  return row?.exists === true;
}

async function userTables(session: SqlSession): Promise<string[]> {
  const rows = await session.query<{ table_name: string }>(
    `SELECT c.relname AS table_name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE c.relkind IN ('r', 'p') AND n.nspname = current_schema() ORDER BY 1`,
  );
  return rows.map((r) => r.table_name);
}

export async function listMigrationRecords(session: SqlSession): Promise<MigrationRecord[]> {
  if (!(await migrationsTableExists(session))) return [];
  return session.query<MigrationRecord>(
    `SELECT id, checksum, migration_name, finished_at, rolled_back_at, logs, applied_steps_count
     FROM _prisma_migrations ORDER BY started_at, migration_name`,
  );
}

/** Checks the history against the files; returns the pending migrations, or throws what is wrong. */
export function planMigrations(files: MigrationFile[], records: MigrationRecord[]): { pending: MigrationFile[]; unknown: string[] } {
  const failed = records.filter((r) => r.finished_at === null && r.rolled_back_at === null);
  if (failed.length > 0) {
    const names = failed.map((r) => r.migration_name).join(", ");
    const logs = failed.map((r) => r.logs?.trim()).filter(Boolean).join("\n");
    throw new MigrationIntegrityError(
      `Migration ${names} failed earlier and has not been resolved, so no further migrations will run.` +
        (logs ? `\nIts error was:\n${logs}` : "") +
        `\nKeel runs each migration in a transaction, so the failed one left no changes behind. Fix the cause, then mark it` +
        ` rolled back with \`npm run db:migrate -- --rolled-back ${failed[0]!.migration_name}\`` +
        ` (or \`prisma migrate resolve --rolled-back\`) and start again.`,
    );
  }

  const applied = records.filter((r) => r.finished_at !== null && r.rolled_back_at === null);
  const byName = new Map(files.map((f) => [f.name, f]));
  for (const record of applied) {
    const file = byName.get(record.migration_name);
    if (file && !scriptMatchesChecksum(file.script, record.checksum)) {
      throw new MigrationIntegrityError(
        `Migration ${record.migration_name} was changed after it was applied to this database ` +
          `(checksum in database ${record.checksum}, file ${file.checksum}). Applied migrations must never be edited: ` +
          `restore the file from version control and put the change in a new migration.`,
      );
    }
  }

  const appliedNames = new Set(applied.map((r) => r.migration_name));
  return {
    pending: files.filter((f) => !appliedNames.has(f.name)),
    unknown: applied.map((r) => r.migration_name).filter((name) => !byName.has(name)),
  };
}

async function applyOne(session: SqlSession, migration: MigrationFile): Promise<void> {
  const id = randomUUID();
  try {
    await session.exec("BEGIN");
    await session.query(
      "INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at) VALUES ($1, $2, $3, now())",
      [id, migration.checksum, migration.name],
    );
    await session.exec(migration.script);
    await session.query(
      "UPDATE _prisma_migrations SET applied_steps_count = applied_steps_count + 1, finished_at = now() WHERE id = $1",
      [id],
    );
    await session.exec("COMMIT");
  } catch (error) {
    await session.exec("ROLLBACK").catch(() => undefined);
    const message = error instanceof Error ? error.message : String(error);
    // Recorded the way Prisma records a failed migration (finished_at NULL, logs set), so that this
    // and every other instance refuse to continue until someone has looked at it.
    await session
      .query(
        "INSERT INTO _prisma_migrations (id, checksum, migration_name, logs, started_at) VALUES ($1, $2, $3, $4, now())",
        [id, migration.checksum, migration.name, `Migration ${migration.name} failed to apply: ${message}`],
      )
      .catch(() => undefined);
    throw new MigrationIntegrityError(`Migration ${migration.name} failed and was rolled back: ${message}`);
  }
}

/**
 * Applies every pending migration in name order, each in its own transaction, under Prisma
 * Migrate's advisory lock. Safe to call from several instances at once.
 */
export async function applyMigrations(session: SqlSession, options: MigrateOptions = {}): Promise<MigrateResult> {
  const log = options.log ?? (() => undefined);
  const files = options.migrations ?? readMigrationFiles();
  return withMigrationLock(session, options.lockTimeoutMs ?? 60_000, log, async () => {
    if (!(await migrationsTableExists(session))) {
      const existing = await userTables(session);
      if (existing.length > 0) {
        throw new MigrationIntegrityError(
          `The database already has tables (${existing.join(", ")}) but no migration history (_prisma_migrations). ` +
            "Keel will not migrate a database it did not create. Use an empty database, or baseline this one " +
            "(https://pris.ly/d/migrate-baseline).",
        );
      }
      await session.exec(CREATE_MIGRATIONS_TABLE);
    }
    const { pending, unknown } = planMigrations(files, await listMigrationRecords(session));
    if (unknown.length > 0) {
      log(`the database has migrations this version does not know (${unknown.join(", ")}); continuing`);
    }
    for (const migration of pending) {
      log(`applying migration ${migration.name}`);
      await applyOne(session, migration);
    }
    return { applied: pending.map((m) => m.name), unknown };
  });
}

/** `prisma migrate resolve --rolled-back <name>`: lets a failed migration be retried. */
export async function markRolledBack(session: SqlSession, migrationName: string): Promise<boolean> {
  if (!(await migrationsTableExists(session))) return false;
  const rows = await session.query<{ id: string }>(
    `UPDATE _prisma_migrations SET rolled_back_at = now()
     WHERE migration_name = $1 AND finished_at IS NULL AND rolled_back_at IS NULL RETURNING id`,
    [migrationName],
  );
  return rows.length > 0;
}
