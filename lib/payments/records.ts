/**
 * Paid orders are business records (API.md, Payments): an account cannot be deleted while one of its
 * orders is paid or shipped (the parcel is still owed); when it is deleted, the orders that money
 * changed hands for are kept with their personal data erased, and the others are deleted.
 * orders.user_id is ON DELETE SET NULL, so what is kept simply loses its owner with the account.
 */
import "server-only";
import { Prisma } from "@/lib/db/generated/client";
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
  // The personal data goes (API.md: names, addresses, phone, e-mail): the order's copies of the
  // recipient and sender, whole (SQL NULL, as on orders placed before addresses, which every reader
  // of an order already copes with: DTO, pages, label, tracking e-mails), and the customer's own free
  // text (the reference). What the books and the carrier's records need stays: the destination
  // country, weights, dimensions, prices, the payment, the tracking number and its timeline. The
  // S10 number already carries the sender's country.
  await tx.order.updateMany({
    where: { userId },
    data: { reference: null, recipient: Prisma.DbNull, sender: Prisma.DbNull },
  });
  // The customs declaration's value stays (it is what was declared and paid for); its description
  // is the customer's free text ("a gift for Erika in Köln") and goes like the reference.
  await tx.$executeRaw`UPDATE orders SET contents = jsonb_set(contents, '{description}', '""'::jsonb) WHERE user_id = ${userId} AND contents IS NOT NULL`;
}
