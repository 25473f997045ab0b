/**
 * Migration files in Prisma Migrate's layout: prisma/migrations/<timestamp>_<name>/migration.sql,
 * applied in name order. Checksums are computed exactly as Prisma's schema engine does
 * (schema-connector/src/checksum.rs): lowercase hex SHA-256 of the script, and a stored checksum
 * also matches the script with its line endings converted either way, because git may have
 * converted them on checkout.
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

export interface MigrationFile {
  /** Directory name, e.g. `20261124000000_create_users`; this is `migration_name` in the database. */
  name: string;
  script: string;
  checksum: string;
}

const defaultMigrationsDir = (): string => path.join(process.cwd(), "prisma", "migrations");

export function checksumOf(script: string): string {
  return createHash("sha256").update(script, "utf8").digest("hex");
}

export function scriptMatchesChecksum(script: string, checksum: string): boolean {
  const candidates = [script, script.replaceAll("\r\n", "\n"), script.replaceAll("\n", "\r\n")];
  return candidates.some((candidate) => {
    const digest = createHash("sha256").update(candidate, "utf8").digest();
    // Very old Prisma versions stored checksums without zero-padding each byte.
    const rendered =
      checksum.length === 64
        ? digest.toString("hex")
        : Array.from(digest, (byte) => byte.toString(16)).join("");
    return rendered === checksum;
  });
}

export function readMigrationFiles(dir: string = defaultMigrationsDir()): MigrationFile[] {
  let entries: fs.Dirent[];
  try {
    // Traced explicitly through outputFileTracingIncludes in next.config.js.
    entries = fs.readdirSync(/*turbopackIgnore: true*/ dir, { withFileTypes: true });
  } catch (error) {
    throw new Error(`Cannot read the migrations directory ${dir}: ${(error as Error).message}`);
  }
  return entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .flatMap((name) => {
      const file = path.join(dir, name, "migration.sql");
      if (!fs.existsSync(/*turbopackIgnore: true*/ file)) return [];
      const script = fs.readFileSync(/*turbopackIgnore: true*/ file, "utf8");
      return [{ name, script, checksum: checksumOf(script) }];
    });
}
