/**
 * Paid orders are business records (API.md, Payments): an account cannot be deleted while one of its
 * orders is paid or shipped (the parcel is still owed); when it is deleted, the orders that money
 * changed hands for are kept with their personal data erased, and the others are deleted.
 * orders.user_id is ON DELETE SET NULL, so what is kept simply loses its owner with the account.
 */
import "server-only";
import type { DbTransaction } from "@/lib/db/types";
import { Conflict } from "@/lib/errors";

/** 409 while the account has an order that is paid or shipped. Call under the user's lock. */
export async function assertNoOrderInProgress(tx: DbTransaction, userId: number): Promise<void> {
  const open = await tx.order.count({ where: { userId, status: { in: ["paid", "shipped"] } } });
  if (open > 0) {
    throw new Conflict("This account has an order that is paid or on its way. It can be deleted once its orders are delivered or cancelled.");
  }
}

/**
 * Before the account's row goes: deletes its orders that were never paid, and erases the personal
 * data of those that were (kept: delivered orders, and any order a payment succeeded for, refunded
 * or not, since that money is on the books).
 */
export async function releaseOrdersOf(tx: DbTransaction, userId: number): Promise<void> {
  await tx.order.deleteMany({
    where: { userId, status: { notIn: ["paid", "shipped", "delivered"] }, payments: { none: { status: { in: ["succeeded", "refunded"] } } } },
  });
  await tx.order.updateMany({
    where: { userId },
    // The customer's own free text goes; shipments' recipient/sender copies join this list when
    // orders carry them (names, addresses, phone, e-mail).
    data: { reference: null },
  });
}
