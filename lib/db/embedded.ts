/**
 * The embedded database: PGlite (Postgres compiled to WebAssembly) persisted in a folder, so that a
 * fresh machine runs Keel with nothing else installed.
 *
 * PGlite is a single process. Two servers opening one folder would corrupt it, so the folder is
 * guarded by a lock file naming the owning process; a stale lock (its process is gone) is taken over.
 * It must also be closed on shutdown, or the next start runs crash recovery (see lib/server/lifecycle).
 */
import "server-only";
import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { citext } from "@electric-sql/pglite/contrib/citext";

class EmbeddedDatabaseLocked extends Error {
  constructor(dir: string, pid: number) {
    super(
      `The embedded database in ${dir} is already open in process ${pid}. ` +
        "PGlite allows one server per data folder: stop the other server, or give this one its own " +
        "KEEL_DATA_DIR, or set DATABASE_URL to share a real Postgres between servers.",
    );
    this.name = "EmbeddedDatabaseLocked";
  }
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function acquireFolderLock(dir: string): () => void {
  const lockFile = path.join(path.dirname(dir), `${path.basename(dir)}.lock`);
  fs.mkdirSync(path.dirname(lockFile), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockFile, String(process.pid), { flag: "wx" });
      return () => {
        try {
          if (fs.readFileSync(lockFile, "utf8") === String(process.pid)) fs.unlinkSync(lockFile);
        } catch {
          // Already gone.
        }
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const owner = Number(fs.readFileSync(lockFile, "utf8"));
      if (owner === process.pid) return () => undefined; // re-opened within this process (dev reloads)
      if (Number.isInteger(owner) && owner > 0 && processIsAlive(owner)) throw new EmbeddedDatabaseLocked(dir, owner);
      fs.unlinkSync(lockFile); // stale: its process has exited
    }
  }
  throw new Error(`Could not lock the embedded database folder ${dir}`);
}

export interface EmbeddedDatabase {
  db: PGlite;
  close(): Promise<void>;
}

export async function openEmbeddedDatabase(dir: string): Promise<EmbeddedDatabase> {
  const release = acquireFolderLock(dir);
  try {
    fs.mkdirSync(dir, { recursive: true });
    const db = await PGlite.create(dir, { extensions: { citext } });
    return {
      db,
      async close() {
        try {
          if (!db.closed) await db.close();
        } finally {
          release();
        }
      },
    };
  } catch (error) {
    release();
    throw error;
  }
}
