/**
 * The SQL adapters of the two engines (node-postgres and PGlite) behind one SqlSession interface,
 * for the migration applier and the drift check. Not user sessions: those are lib/auth.
 */
import "server-only";
import type { PGlite } from "@electric-sql/pglite";
import type pg from "pg";
import type { SqlSession } from "./migrate";

export function pgSession(client: pg.Client | pg.PoolClient): SqlSession {
  return {
    async query<Row>(sql: string, params?: unknown[]) {
      const result = await client.query(sql, params);
      return result.rows as Row[];
    },
    async exec(sql: string) {
      await client.query(sql);
    },
  };
}

export function pgliteSession(db: PGlite): SqlSession {
  return {
    async query<Row>(sql: string, params?: unknown[]) {
      const result = await db.query<Row>(sql, params);
      return result.rows;
    },
    async exec(sql: string) {
      await db.exec(sql);
    },
  };
}
