/**
 * The PGlite driver adapter reports a COMMIT that fails (pglite-prisma-adapter 0.7 swallowed it and
 * Prisma answered as if the change were made). A deferred constraint trigger refuses at COMMIT.
 */
import { PGlite } from "@electric-sql/pglite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pgliteAdapter } from "./pglite-adapter";

let db: PGlite;

beforeAll(async () => {
  db = await PGlite.create();
  await db.exec(`
    CREATE TABLE t (id int PRIMARY KEY, v text NOT NULL);
    INSERT INTO t VALUES (1, 'placed'), (2, 'placed');
    CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused at commit'; END $$;
    CREATE CONSTRAINT TRIGGER refuse AFTER UPDATE ON t DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (NEW.id = 1) EXECUTE FUNCTION refuse();`);
  // Starting PGlite compiles its WebAssembly: 1-2 s idle, past vitest's 10 s hook limit at a load
  // average of ~10 (npm test runs the unit tests beside the build). A slow start is not a failure.
}, 60_000);

afterAll(async () => {
  await db.close();
});

const update = (id: number) => ({ sql: `UPDATE t SET v = 'paid' WHERE id = ${id}`, args: [], argTypes: [] });
const value = async (id: number) => (await db.query<{ v: string }>("SELECT v FROM t WHERE id = $1", [id])).rows[0]!.v;

describe("pgliteAdapter", () => {
  it("throws when COMMIT fails, and the change is not there", async () => {
    const adapter = await pgliteAdapter(db).connect();
    const transaction = await adapter.startTransaction();
    expect(await transaction.executeRaw(update(1))).toBe(1);
    await expect(transaction.commit()).rejects.toThrow();
    expect(await value(1)).toBe("placed");
  });

  it("commits as before otherwise, and rolls back without an error", async () => {
    const adapter = await pgliteAdapter(db).connect();
    const rolledBack = await adapter.startTransaction();
    await rolledBack.executeRaw(update(2));
    await rolledBack.rollback();
    expect(await value(2)).toBe("placed");
    const committed = await adapter.startTransaction();
    await committed.executeRaw(update(2));
    await committed.commit();
    expect(await value(2)).toBe("paid");
  });
});
