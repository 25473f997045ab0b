import type { PrismaClient } from "./generated/client";
import type { DbTransaction } from "./types";

/**
 * Runs `work` in the caller's transaction when there is one, else in a new one: a domain function
 * that is a whole change on its own can also be one step of a larger change (a payment's success
 * and the order's transition to paid commit together).
 */
export function inTransaction<T>(db: PrismaClient, outer: DbTransaction | undefined, work: (tx: DbTransaction) => Promise<T>): Promise<T> {
  return outer ? work(outer) : db.$transaction(work);
}
