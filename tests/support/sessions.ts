/**
 * A fresh, empty database of the run's engine, opened in the test process as a SqlSession: an
 * embedded PGlite in a temp folder (a copy of an empty cluster: tests/support/storage.ts), or a new
 * Postgres database. Closed and deleted afterwards.
 */
import fs from "node:fs";
import pg from "pg";
import { openEmbeddedDatabase } from "@/lib/db/embedded";
import type { SqlSession } from "@/lib/db/migrate";
import { pgliteSession, pgSession } from "@/lib/db/sql-adapters";
import { createTestDatabase, tempDir } from "./database";
import type { TestEngine } from "./engine";
import { copyEmptyCluster } from "./storage";

export interface FreshDatabase {
  session: SqlSession;
  /** Another independent connection to the same database (Postgres only). */
  connect(): Promise<{ session: SqlSession; close(): Promise<void> }>;
  close(): Promise<void>;
}

export async function freshDatabase(engine: TestEngine): Promise<FreshDatabase> {
  if (engine === "embedded") {
    const dir = tempDir("pglite");
    copyEmptyCluster(dir);
    const embedded = await openEmbeddedDatabase(`${dir}/pglite`);
    return {
      session: pgliteSession(embedded.db),
      connect: () => Promise.reject(new Error("PGlite has a single connection")),
      async close() {
        await embedded.close();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const database = await createTestDatabase("mig");
  const clients: pg.Client[] = [];
  const connect = async () => {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    clients.push(client);
    return { session: pgSession(client), close: () => client.end() };
  };
  const main = await connect();
  return {
    session: main.session,
    connect,
    async close() {
      await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
      await database.drop();
    },
  };
}
