import { afterEach, beforeEach, describe, expect, inject, it } from "vitest";
import { detectDrift } from "@/scripts/db/drift";
import {
  applyMigrations,
  listMigrationRecords,
  markRolledBack,
  MigrationIntegrityError,
} from "@/lib/db/migrate";
import { checksumOf, type MigrationFile, readMigrationFiles } from "@/lib/db/migration-files";
import { type FreshDatabase, freshDatabase } from "../support/sessions";

const engine = inject("engine");
const files = readMigrationFiles();

function migration(name: string, script: string): MigrationFile {
  return { name, script, checksum: checksumOf(script) };
}

describe(`migration applier (${engine})`, () => {
  let db: FreshDatabase;
  beforeEach(async () => {
    db = await freshDatabase(engine);
  });
  afterEach(async () => {
    await db.close();
  });

  it("creates _prisma_migrations exactly as Prisma Migrate does", async () => {
    await applyMigrations(db.session, { migrations: files });
    const columns = await db.session.query(
      `SELECT column_name, data_type, character_maximum_length AS length, is_nullable, column_default
         FROM information_schema.columns WHERE table_name = '_prisma_migrations' ORDER BY ordinal_position`,
    );
    expect(columns).toEqual([
      { column_name: "id", data_type: "character varying", length: 36, is_nullable: "NO", column_default: null },
      { column_name: "checksum", data_type: "character varying", length: 64, is_nullable: "NO", column_default: null },
      { column_name: "finished_at", data_type: "timestamp with time zone", length: null, is_nullable: "YES", column_default: null },
      { column_name: "migration_name", data_type: "character varying", length: 255, is_nullable: "NO", column_default: null },
      { column_name: "logs", data_type: "text", length: null, is_nullable: "YES", column_default: null },
      { column_name: "rolled_back_at", data_type: "timestamp with time zone", length: null, is_nullable: "YES", column_default: null },
      { column_name: "started_at", data_type: "timestamp with time zone", length: null, is_nullable: "NO", column_default: "now()" },
      { column_name: "applied_steps_count", data_type: "integer", length: null, is_nullable: "NO", column_default: "0" },
    ]);
  });

  it("applies every migration once, in name order, with Prisma's bookkeeping", async () => {
    expect(files.length).toBeGreaterThan(0);
    const first = await applyMigrations(db.session, { migrations: files });
    expect(first.applied).toEqual(files.map((f) => f.name));

    const records = await listMigrationRecords(db.session);
    expect(records.map((r) => r.migration_name)).toEqual(files.map((f) => f.name));
    for (const [i, record] of records.entries()) {
      expect(record.checksum).toBe(checksumOf(files[i]!.script));
      expect(record.checksum).toMatch(/^[0-9a-f]{64}$/);
      expect(record.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(record.finished_at).not.toBeNull();
      expect(record.rolled_back_at).toBeNull();
      expect(record.logs).toBeNull();
      expect(record.applied_steps_count).toBe(1);
    }

    const second = await applyMigrations(db.session, { migrations: files });
    expect(second.applied).toEqual([]);
    expect(await listMigrationRecords(db.session)).toHaveLength(files.length);
  });

  it("leaves no drift between the migrated database and schema.prisma", async () => {
    await applyMigrations(db.session, { migrations: files });
    expect(await detectDrift(db.session)).toEqual([]);
  });

  it("notices drift: a missing default, an extra column, an extra index", async () => {
    await applyMigrations(db.session, { migrations: files });
    await db.session.exec(`ALTER TABLE users ALTER COLUMN role DROP DEFAULT;
      ALTER TABLE users ADD COLUMN nickname TEXT;
      CREATE INDEX users_created_at_idx ON users (created_at);
      ALTER TABLE users ALTER COLUMN email DROP NOT NULL;`);
    const problems = await detectDrift(db.session);
    expect(problems).toEqual(
      expect.arrayContaining([
        `column users.role has default null, schema says "'USER'::role"`,
        "column users.nickname is not in schema.prisma",
        "index users_created_at_idx is not in schema.prisma",
        "column users.email is nullable, schema says NOT NULL",
      ]),
    );
  });

  it("accepts a migration whose line endings git converted, as Prisma does", async () => {
    await applyMigrations(db.session, { migrations: files });
    const crlf = files.map((f) => ({ ...f, script: f.script.replaceAll("\n", "\r\n") }));
    await expect(applyMigrations(db.session, { migrations: crlf })).resolves.toEqual({ applied: [], unknown: [] });
  });

  it("refuses to run when an applied migration's file has changed", async () => {
    await applyMigrations(db.session, { migrations: files });
    const edited = [{ ...files[0]!, script: `${files[0]!.script}\n-- an innocent-looking edit\n` }, ...files.slice(1)];
    const attempt = applyMigrations(db.session, { migrations: edited });
    await expect(attempt).rejects.toBeInstanceOf(MigrationIntegrityError);
    await expect(attempt).rejects.toThrow(`Migration ${files[0]!.name} was changed after it was applied`);
  });

  it("rolls a failing migration back, records the failure, and refuses to continue until it is resolved", async () => {
    const broken = migration("29990101000000_broken", 'CREATE TABLE "half_done" ("id" INTEGER);\nSELECT * FROM "no_such_table";\n');
    const later = migration("29990102000000_later", 'CREATE TABLE "later" ("id" INTEGER);\n');

    const failed = applyMigrations(db.session, { migrations: [...files, broken, later] });
    await expect(failed).rejects.toThrow(/29990101000000_broken failed and was rolled back: .*no_such_table/);

    // Nothing of the failed migration remains, and the one after it did not run.
    const tables = await db.session.query<{ name: string | null }>(
      "SELECT to_regclass('half_done')::text AS name UNION ALL SELECT to_regclass('later')::text",
    );
    expect(tables).toEqual([{ name: null }, { name: null }]);

    const record = (await listMigrationRecords(db.session)).find((r) => r.migration_name === broken.name)!;
    expect(record.finished_at).toBeNull();
    expect(record.rolled_back_at).toBeNull();
    expect(record.logs).toContain("no_such_table");

    const fixed = migration(broken.name, 'CREATE TABLE "half_done" ("id" INTEGER);\n');
    await expect(applyMigrations(db.session, { migrations: [...files, fixed, later] })).rejects.toThrow(
      /failed earlier and has not been resolved/,
    );

    expect(await markRolledBack(db.session, broken.name)).toBe(true);
    const resumed = await applyMigrations(db.session, { migrations: [...files, fixed, later] });
    expect(resumed.applied).toEqual([fixed.name, later.name]);
  });

  it("refuses a database that has tables but no migration history", async () => {
    await db.session.exec('CREATE TABLE "someone_elses" ("id" INTEGER)');
    await expect(applyMigrations(db.session, { migrations: files })).rejects.toThrow(
      /already has tables \(someone_elses\) but no migration history/,
    );
  });

  it.runIf(engine === "postgres")("applies each migration exactly once when several instances migrate at once", async () => {
    const connections = await Promise.all(Array.from({ length: 6 }, () => db.connect()));
    const results = await Promise.all(connections.map((c) => applyMigrations(c.session, { migrations: files })));
    expect(results.flatMap((r) => r.applied).sort()).toEqual(files.map((f) => f.name).sort());
    const records = await listMigrationRecords(db.session);
    expect(records.map((r) => r.migration_name)).toEqual(files.map((f) => f.name));
  });
});
