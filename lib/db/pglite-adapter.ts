/**
 * Prisma's driver adapter for PGlite (pglite-prisma-adapter 0.7), with one defect fixed: a COMMIT
 * that fails was reported as a success. The adapter runs each interactive transaction inside
 * PGlite's own transaction() and hands its outcome to commit(), but it catches that outcome's error
 * with the reject of a promise that has already resolved, so the error vanishes. PGlite had rolled
 * the transaction back; Prisma, told it committed, answered as if the change had happened (a
 * deferred constraint refusing at COMMIT was a 200 for a change that was not made).
 *
 * The wrapper watches the same outcome and makes commit() throw its error, converted as the
 * adapter converts every other database error. Only the adapter's private transaction start is
 * touched; should a later version change it, the unit test (pglite-adapter.test.ts) says so.
 */
import type { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";

// The adapter's types as its factory declares them (their package is not a dependency of Keel's own).
type SqlDriverAdapter = Awaited<ReturnType<PrismaPGlite["connect"]>>;
type Transaction = Awaited<ReturnType<SqlDriverAdapter["startTransaction"]>>;

/** The parts of the adapter's (unexported) class this wrapper relies on. */
interface AdapterInternals {
  startTransactionInner(conn: Pick<PGlite, "transaction">, options: unknown): Promise<Transaction>;
  onError(error: unknown): never;
}

function checkCommits(adapter: SqlDriverAdapter): SqlDriverAdapter {
  const internals = adapter as unknown as AdapterInternals;
  if (typeof internals.startTransactionInner !== "function" || typeof internals.onError !== "function") {
    throw new Error("pglite-prisma-adapter changed: lib/db/pglite-adapter.ts no longer knows how it starts transactions.");
  }
  const start = internals.startTransactionInner.bind(adapter);
  internals.startTransactionInner = async (conn, options) => {
    let failure: { error: unknown } | undefined;
    const watched: Pick<PGlite, "transaction"> = {
      transaction: (callback) => {
        const outcome = conn.transaction(callback);
        // Registered before the adapter's own handler, so it has run by the time commit() returns.
        outcome.catch((error: unknown) => {
          failure = { error };
        });
        return outcome;
      },
    };
    const transaction = await start(watched, options);
    const commit = transaction.commit.bind(transaction);
    transaction.commit = async () => {
      await commit();
      if (failure) internals.onError(failure.error);
    };
    return transaction;
  };
  return adapter;
}

export function pgliteAdapter(db: PGlite): PrismaPGlite {
  const factory = new PrismaPGlite(db);
  const connect = factory.connect.bind(factory);
  factory.connect = async () => checkCommits(await connect());
  return factory;
}
