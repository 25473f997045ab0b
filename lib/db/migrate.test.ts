import { describe, expect, it } from "vitest";
import { type MigrationRecord, MigrationIntegrityError, planMigrations } from "./migrate";
import { checksumOf, type MigrationFile } from "./migration-files";

const file = (name: string, script = `-- ${name}\n`): MigrationFile => ({ name, script, checksum: checksumOf(script) });
const applied = (f: MigrationFile, extra: Partial<MigrationRecord> = {}): MigrationRecord => ({
  id: crypto.randomUUID(),
  checksum: f.checksum,
  migration_name: f.name,
  finished_at: new Date(),
  rolled_back_at: null,
  logs: null,
  applied_steps_count: 1,
  ...extra,
});

describe("planMigrations", () => {
  const a = file("20260101000000_a");
  const b = file("20260102000000_b");
  const c = file("20260103000000_c");

  it("returns every file on an empty history", () => {
    expect(planMigrations([a, b, c], [])).toEqual({ pending: [a, b, c], unknown: [] });
  });

  it("returns only the files not yet applied", () => {
    expect(planMigrations([a, b, c], [applied(a), applied(b)])).toEqual({ pending: [c], unknown: [] });
  });

  it("treats a rolled-back migration as not applied", () => {
    const rolledBack = applied(b, { finished_at: null, rolled_back_at: new Date() });
    expect(planMigrations([a, b], [applied(a), rolledBack]).pending).toEqual([b]);
  });

  it("reports applied migrations that have no file", () => {
    expect(planMigrations([a], [applied(a), applied(b)])).toEqual({ pending: [], unknown: [b.name] });
  });

  it("refuses when a migration failed and was not resolved", () => {
    const failed = applied(b, { finished_at: null, logs: "syntax error at or near FOO" });
    expect(() => planMigrations([a, b], [applied(a), failed])).toThrow(MigrationIntegrityError);
    expect(() => planMigrations([a, b], [applied(a), failed])).toThrow(/syntax error at or near FOO/);
  });

  it("refuses when an applied file was edited", () => {
    const edited = { ...a, script: "-- edited\n", checksum: checksumOf("-- edited\n") };
    expect(() => planMigrations([edited], [applied(a)])).toThrow(/was changed after it was applied/);
  });
});
