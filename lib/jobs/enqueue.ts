/**
 * Enqueueing a job inside the transaction of the change that causes it (transactional outbox):
 * pg-boss's own INSERT runs on the caller's Prisma transaction, so a rollback leaves no job and a
 * commit leaves a job that runs even if this process dies the next millisecond.
 *
 * pg-boss accepts any connection for one call through its `db` option; here that connection is the
 * interactive transaction, on Postgres and on the embedded PGlite alike.
 */
import PgBoss from "pg-boss";
import type { DbTransaction } from "@/lib/db/types";
import { processSingleton } from "@/lib/process-singleton";
// Registers the queues' installation with the database (schema.ts), before anything here can run.
import "./schema";
import { JOB_SCHEMA } from "./queues";
import type { JobData, JobName } from "./payloads";
import { jobPayloads } from "./payloads";

/**
 * A pg-boss instance that is never started: only its SQL for creating jobs is used, always with an
 * explicit `db` (the transaction). Its default connection must never be reached.
 */
export function sender(): PgBoss {
  return processSingleton(
    "jobs:sender",
    () =>
      new PgBoss({
        schema: JOB_SCHEMA,
        db: {
          executeSql: () => Promise.reject(new Error("lib/jobs: a job must be enqueued inside a transaction")),
        },
      }),
  );
}

/** pg-boss's connection shape over a Prisma transaction. */
export function transactionExecutor(tx: DbTransaction): PgBoss.Db {
  return {
    async executeSql(text: string, values: unknown[] = []) {
      // Prisma's raw parameters take no undefined, and a JSON parameter is passed as its text.
      const args = values.map((value) =>
        value === undefined ? null : value !== null && typeof value === "object" && !(value instanceof Date) ? JSON.stringify(value) : value,
      );
      const rows = await tx.$queryRawUnsafe<unknown[]>(text, ...args);
      return { rows };
    },
  };
}

export interface EnqueueOptions {
  /** Run no earlier than this. */
  startAfter?: Date;
}

/** Creates a job in the caller's transaction; returns its id. */
export async function enqueue<N extends JobName>(
  tx: DbTransaction,
  name: N,
  data: JobData<N>,
  options: EnqueueOptions = {},
): Promise<string> {
  const payload = jobPayloads[name].parse(data);
  const id = await sender().send(name, payload as object, {
    db: transactionExecutor(tx),
    ...(options.startAfter ? { startAfter: options.startAfter } : {}),
  });
  // pg-boss inserts nothing (and returns null) when the queue does not exist.
  if (!id) throw new Error(`Job queue "${name}" is not installed (lib/jobs/schema.ts runs when the database opens).`);
  return id;
}
