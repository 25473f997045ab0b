/** POST /api/v1/shipping/quote: a price for a parcel, with the loyalty discount for signed-in users. */
import { getDb } from "@/lib/db/client";
import type { Db } from "@/lib/db/types";
import { priceShipment, type Quote } from "./pricing";
import type { QuoteInput } from "./schemas";

/**
 * The orders that count toward the loyalty discount: the one place they are counted, for quotes and
 * for placing orders alike. An order that cost nothing (0.001 kg rounds to 0 cents) does not count,
 * or the discount could be earned for free.
 */
export function countOrdersTowardLoyalty(db: Db, userId: number): Promise<number> {
  return db.order.count({ where: { userId, totalCents: { gt: 0 } } });
}

/** Anonymous callers (userId null) never get the loyalty discount. */
export async function quoteShipping(input: QuoteInput, userId: number | null): Promise<Quote> {
  const existingOrderCount = userId === null ? null : await countOrdersTowardLoyalty(await getDb(), userId);
  return priceShipment({ ...input, existingOrderCount });
}
