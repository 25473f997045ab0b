/**
 * What administrators see of the queue (GET /api/v1/admin/jobs, /admin/jobs): counts by queue and
 * state, and the last dead-lettered jobs with their error; and retrying one of them.
 *
 * Read straight from pg-boss's tables with the app's connection, so it works on every instance,
 * whether or not a worker runs there. Job data (e-mail addresses) is never shown: the id, queue,
 * attempts and error are what an operator acts on.
 */
import { z } from "zod";
import { getDatabase } from "@/lib/db/client";
import { NotFound } from "@/lib/errors";
import { sender } from "./enqueue";
import { JOB_SCHEMA, queueNames } from "./queues";

export const JOB_STATES = ["created", "retry", "active", "completed", "cancelled", "failed"] as const;

const countsSchema = z.strictObject(Object.fromEntries(JOB_STATES.map((s) => [s, z.int().nonnegative()])) as Record<(typeof JOB_STATES)[number], z.ZodInt>);

export const jobsOverviewSchema = z
  .strictObject({
    queues: z.array(z.strictObject({ name: z.string(), counts: countsSchema })),
    failures: z
      .array(
        z.strictObject({
          id: z.uuid(),
          queue: z.string(),
          attempts: z.int().positive(),
          error: z.string(),
          createdAt: z.iso.datetime(),
          failedAt: z.iso.datetime().nullable(),
        }),
      )
      .meta({ description: "The most recent dead-lettered jobs (state failed after their last attempt), newest first." }),
  })
  .meta({
    id: "JobsOverview",
    description:
      "created: waiting; retry: failed, waiting for its next attempt; active: running; completed; cancelled; failed: dead-lettered after the last attempt.",
  });

export type JobsOverview = z.infer<typeof jobsOverviewSchema>;

export const FAILURES_SHOWN = 20;

const iso = (value: unknown) => (value === null || value === undefined ? null : new Date(value as string).toISOString());

export async function getJobsOverview(): Promise<JobsOverview> {
  const database = await getDatabase();
  const { rows: counts } = await database.executeSql(
    `SELECT name, state::text AS state, count(*)::int AS n FROM ${JOB_SCHEMA}.job WHERE name = ANY($1::text[]) GROUP BY name, state`,
    [queueNames],
  );
  const queues = queueNames.map((name) => ({
    name,
    counts: Object.fromEntries(
      JOB_STATES.map((state) => [state, Number(counts.find((r) => r.name === name && r.state === state)?.n ?? 0)]),
    ) as JobsOverview["queues"][number]["counts"],
  }));
  const { rows: failed } = await database.executeSql(
    `SELECT id::text AS id, name, retry_count, output, created_on, completed_on FROM ${JOB_SCHEMA}.job
     WHERE state = 'failed' AND name = ANY($1::text[]) ORDER BY completed_on DESC NULLS LAST, id LIMIT $2::int`,
    [queueNames, FAILURES_SHOWN],
  );
  return {
    queues,
    failures: failed.map((row) => {
      const output = row.output as { message?: unknown; value?: { message?: unknown } } | null;
      const message = output?.message ?? output?.value?.message;
      return {
        id: String(row.id),
        queue: String(row.name),
        attempts: Number(row.retry_count) + 1,
        error: typeof message === "string" ? message : "unknown error",
        createdAt: iso(row.created_on)!,
        failedAt: iso(row.completed_on),
      };
    }),
  };
}

const jobId = z.uuid();

/** Gives a dead-lettered job one more attempt. NotFound unless `id` is a job in state failed. */
export async function retryFailedJob(id: string): Promise<void> {
  if (!jobId.safeParse(id).success) throw new NotFound("There is no such failed job.");
  const database = await getDatabase();
  const { rows } = await database.executeSql(
    `SELECT name FROM ${JOB_SCHEMA}.job WHERE id = $1::uuid AND state = 'failed' AND name = ANY($2::text[])`,
    [id, queueNames],
  );
  const name = rows[0]?.name as string | undefined;
  if (!name) throw new NotFound("There is no such failed job.");
  const db = { executeSql: (text: string, values?: unknown[]) => database.executeSql(text, values) };
  const result = (await sender().retry(name, id, { db })) as unknown as { affected: number };
  // A concurrent retry (or the job's row moving on) got there first.
  if (result.affected === 0) throw new NotFound("There is no such failed job.");
}
