import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { checksumOf, readMigrationFiles, scriptMatchesChecksum } from "./migration-files";

describe("migration checksums (as prisma-engines' checksum.rs)", () => {
  it("is the lowercase hex SHA-256 of the script, zero-padded", () => {
    // The vector from checksum.rs's own test `format_checksum_does_not_strip_zeros`.
    expect(checksumOf("hello")).toBe("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
    expect(checksumOf("abcd")).toHaveLength(64);
  });

  it("matches across line-ending conversions, like Prisma", () => {
    const groups = [
      ["ab\ncd\nef\ngh\rab", "ab\r\ncd\r\nef\r\ngh\rab"],
      ["ab\ncd\nef\ngh\rab\n", "ab\r\ncd\r\nef\r\ngh\rab\r\n"],
    ];
    for (const group of groups) {
      for (const script of group) {
        for (const other of group) expect(scriptMatchesChecksum(script, checksumOf(other))).toBe(true);
      }
    }
  });

  it("does not match a different script", () => {
    expect(scriptMatchesChecksum("abc", checksumOf("abcd"))).toBe(false);
    expect(scriptMatchesChecksum("abc\n", checksumOf("abc"))).toBe(false);
  });

  it("accepts the unpadded checksums that old Prisma versions stored", () => {
    const script = "SELECT 1;\n";
    const unpadded = Array.from(Buffer.from(checksumOf(script), "hex"), (b) => b.toString(16)).join("");
    expect(unpadded.length).toBeLessThan(64);
    expect(scriptMatchesChecksum(script, unpadded)).toBe(true);
  });
});

describe("readMigrationFiles", () => {
  it("reads <name>/migration.sql directories in name order and ignores everything else", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "keel-migrations-"));
    for (const name of ["20260102000000_second", "20260101000000_first", "20260103000000_empty"]) {
      fs.mkdirSync(path.join(dir, name));
    }
    fs.writeFileSync(path.join(dir, "20260101000000_first", "migration.sql"), "SELECT 1;\n");
    fs.writeFileSync(path.join(dir, "20260102000000_second", "migration.sql"), "SELECT 2;\n");
    fs.writeFileSync(path.join(dir, "migration_lock.toml"), 'provider = "postgresql"\n');

    expect(readMigrationFiles(dir)).toEqual([
      { name: "20260101000000_first", script: "SELECT 1;\n", checksum: checksumOf("SELECT 1;\n") },
      { name: "20260102000000_second", script: "SELECT 2;\n", checksum: checksumOf("SELECT 2;\n") },
    ]);
  });

  it("says which directory it could not read", () => {
    expect(() => readMigrationFiles("/no/such/dir")).toThrow("Cannot read the migrations directory /no/such/dir");
  });

  it("finds the project's migrations with Prisma's lock file next to them", () => {
    const files = readMigrationFiles();
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) expect(file.name).toMatch(/^\d{14}_[a-z0-9_]+$/);
    const lock = fs.readFileSync(path.join(process.cwd(), "prisma", "migrations", "migration_lock.toml"), "utf8");
    expect(lock).toContain('provider = "postgresql"');
  });
});
