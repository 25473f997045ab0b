/**
 * npm run db:migrate                          apply pending migrations
 * npm run db:migrate -- --status              list applied and pending migrations
 * npm run db:migrate -- --rolled-back <name>  mark a failed migration as rolled back (then fix and re-run)
 * npm run db:migrate -- --check-drift         compare the migrated database with prisma/schema.prisma
 *
 * Targets DIRECT_DATABASE_URL (or DATABASE_URL) when set, otherwise the embedded database under
 * KEEL_DATA_DIR (stop the server first: PGlite allows one process per data folder).
 */
import pg from "pg";
import { detectDrift } from "@/scripts/db/drift";
import { openEmbeddedDatabase } from "@/lib/db/embedded";
import { applyMigrations, listMigrationRecords, markRolledBack, planMigrations, type SqlSession } from "@/lib/db/migrate";
import { readMigrationFiles } from "@/lib/db/migration-files";
import { pgliteSession, pgSession } from "@/lib/db/sql-adapters";
import { parseDatabaseConfig } from "@/lib/env";

async function withSession<T>(fn: (session: SqlSession, where: string) => Promise<T>): Promise<T> {
  const database = parseDatabaseConfig(process.env);
  if (database.kind === "postgres") {
    const client = new pg.Client({ connectionString: database.migrationUrl, connectionTimeoutMillis: 10_000 });
    await client.connect();
    try {
      const url = new URL(database.migrationUrl);
      return await fn(pgSession(client), `postgres ${url.hostname}:${url.port || 5432}${url.pathname}`);
    } finally {
      await client.end();
    }
  }
  const embedded = await openEmbeddedDatabase(database.dir);
  try {
    return await fn(pgliteSession(embedded.db), `embedded database ${database.dir}`);
  } finally {
    await embedded.close();
  }
}

async function main(args: string[]): Promise<number> {
  const [command, name] = args;
  return withSession(async (session, where) => {
    switch (command) {
      case undefined: {
        const { applied } = await applyMigrations(session, { log: (m) => console.log(m) });
        console.log(applied.length > 0 ? `Applied ${applied.length} migration(s) to the ${where}.` : `The ${where} is up to date.`);
        return 0;
      }
      case "--status": {
        const records = await listMigrationRecords(session);
        for (const r of records) {
          const state = r.rolled_back_at ? "rolled back" : r.finished_at ? "applied" : "FAILED";
          console.log(`${state.padEnd(12)} ${r.migration_name}`);
        }
        const { pending } = planMigrations(readMigrationFiles(), records);
        for (const m of pending) console.log(`${"pending".padEnd(12)} ${m.name}`);
        return 0;
      }
      case "--rolled-back": {
        if (!name) throw new Error("Say which migration: npm run db:migrate -- --rolled-back <migration_name>");
        const marked = await markRolledBack(session, name);
        console.log(marked ? `Marked ${name} as rolled back.` : `No failed migration named ${name} in the ${where}.`);
        return marked ? 0 : 1;
      }
      case "--check-drift": {
        const problems = await detectDrift(session);
        if (problems.length === 0) {
          console.log(`The ${where} matches prisma/schema.prisma.`);
          return 0;
        }
        console.error(`The ${where} differs from prisma/schema.prisma:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
        return 1;
      }
      default:
        throw new Error(`Unknown option ${command}. Options: --status, --rolled-back <name>, --check-drift`);
    }
  });
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
