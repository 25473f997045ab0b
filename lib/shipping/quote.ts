/** POST /api/v1/shipping/quote: a price for a parcel under the rate table in force. */
import { getDb } from "@/lib/db/client";
import type { Db } from "@/lib/db/types";
import { type MaybePromise, whenReady } from "@/lib/maybe-promise";
import { priceShipment, type Quote } from "./pricing";
import type { SessionExtras } from "@/lib/auth/sessions/session-user";
import { rateTableForKey, rateTableInForce } from "./rates";
import type { QuoteInput } from "./schemas";

/** The statuses of orders that count toward the loyalty discount (the OpenAPI document: only paid ones, and later). */
export const LOYALTY_STATUSES = ["paid", "shipped", "delivered"] as const;

/**
 * The orders that count toward the loyalty discount: the one place they are counted, for quotes and
 * for placing orders alike. Only paid (or later) orders count, and never one that cost nothing (a
 * rate table may set a zero minimum charge, and 0.001 kg rounds to 0 cents), or the discount could
 * be earned for free.
 */
export async function paidOrderCount(db: Db, userId: number): Promise<number> {
  return db.order.count({ where: { userId, status: { in: [...LOYALTY_STATUSES] }, totalCents: { gt: 0 } } });
}

/**
 * Anonymous callers (userId null) never get the loyalty discount. `preloaded`: the rate table and
 * the count as the session check read them (one round trip); what is missing is read here.
 *
 * A signed-in caller whose session check brought both, with the table already kept by this process
 * (nearly every quote), is priced at once: the quote itself, not a promise of it. Each promise is
 * paid for on every request while Node 20 runs async hooks for them (docs/performance.md).
 */
export function quoteShipping(input: QuoteInput, userId: number | null, preloaded?: Partial<SessionExtras>): MaybePromise<Quote> {
  if (userId !== null && preloaded?.rates && preloaded.paidOrderCount !== undefined) {
    const { paidOrderCount } = preloaded;
    return whenReady(rateTableForKey(preloaded.rates), (table) =>
      priceShipment({ weightKg: input.weightKg, destination: input.destination, table, paidOrderCount }),
    );
  }
  return readAndQuote(input, userId);
}

async function readAndQuote(input: QuoteInput, userId: number | null): Promise<Quote> {
  const db = await getDb();
  const [table, count] = await Promise.all([rateTableInForce(db), userId === null ? null : paidOrderCount(db, userId)]);
  return priceShipment({ ...input, table, paidOrderCount: count });
}
