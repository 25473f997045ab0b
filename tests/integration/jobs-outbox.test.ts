/**
 * Transactional enqueueing, checked on the database itself (this run's engine, a copy of the run's seed):
 * a job enqueued in a transaction that rolls back does not exist; one in a transaction that commits
 * does, durably (read back on a new connection after the first one is closed).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { processState } from "@/lib/process-singleton";
import { testEngine } from "../support/engine";
import { type SeededStorage, seededStorage } from "../support/storage";

const engine = testEngine();

describe(`enqueue inside the change's transaction (${engine})`, () => {
  let storage: SeededStorage | undefined;
  let lib: {
    client: typeof import("@/lib/db/client");
    enqueue: typeof import("@/lib/jobs/enqueue");
  };

  const jobsTo = async (to: string) => {
    const open = await lib.client.getDatabase();
    const { rows } = await open.executeSql("SELECT state::text AS state FROM pgboss.job WHERE name = 'send-email' AND data->>'to' = $1", [to]);
    return rows as { state: string }[];
  };

  beforeAll(async () => {
    storage = await seededStorage(engine, "outbox");
    process.env.KEEL_DATA_DIR = storage.dataDir;
    if (storage.databaseUrl) process.env.DATABASE_URL = storage.databaseUrl;
    else delete process.env.DATABASE_URL;
    lib = { client: await import("@/lib/db/client"), enqueue: await import("@/lib/jobs/enqueue") };
  });

  afterAll(async () => {
    await lib?.client.closeDatabase();
    await storage?.drop();
  });

  it("a rollback leaves no job; a commit leaves exactly one", async () => {
    const db = await lib.client.getDb();
    const message = { template: "welcome", username: "outbox" } as const;

    await expect(
      db.$transaction(async (tx) => {
        await tx.user.create({ data: { username: "rolled_back", email: "rolled-back@example.com", passwordHash: "x" } });
        await lib.enqueue.enqueue(tx, "send-email", { to: "rolled-back@example.com", message });
        throw new Error("the change fails after the job was enqueued");
      }),
    ).rejects.toThrow(/fails after/);
    expect(await jobsTo("rolled-back@example.com")).toEqual([]);
    expect(await db.user.count({ where: { username: "rolled_back" } })).toBe(0);

    const id = await db.$transaction(async (tx) => {
      await tx.user.create({ data: { username: "committed", email: "committed@example.com", passwordHash: "x" } });
      return lib.enqueue.enqueue(tx, "send-email", { to: "committed@example.com", message });
    });
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(await jobsTo("committed@example.com")).toEqual([{ state: "created" }]);
  });

  it("refuses job data that does not match its queue's payload, before anything is written", async () => {
    const db = await lib.client.getDb();
    await expect(
      db.$transaction((tx) => lib.enqueue.enqueue(tx, "send-email", { to: "not an address", message: { template: "welcome", username: "x" } })),
    ).rejects.toThrow();
    expect(await jobsTo("not an address")).toEqual([]);
  });

  it("the committed job survives the process closing its database", async () => {
    await lib.client.closeDatabase();
    // closeDatabase() refuses later opens in this process (shutdown); re-open as a new process would.
    processState(lib.client.DATABASE_STATE, () => ({ closed: false })).closed = false;
    expect(await jobsTo("committed@example.com")).toEqual([{ state: "created" }]);
  });
});
