/** POST /api/v1/shipping/quote: a price for a parcel, with the loyalty discount for signed-in users. */
import { getDb } from "@/lib/db/client";
import { priceShipment, type Quote } from "./pricing";
import type { QuoteInput } from "./schemas";

/** Anonymous callers (userId null) never get the loyalty discount. */
export async function quoteShipping(input: QuoteInput, userId: number | null): Promise<Quote> {
  const existingOrderCount = userId === null ? null : await (await getDb()).order.count({ where: { userId } });
  return priceShipment({ ...input, existingOrderCount });
}
