/** POST /api/v1/shipping/quote: a price for a parcel under the rate table in force. */
import { type FragmentHolder, fragmentValue } from "@/lib/auth/sessions/session-fragment";
import { priceShipment, type Quote } from "./pricing";
import { paidOrderCountFragment } from "./loyalty";
import { rateTableForKey, rateTableFragment, rateTableInForce } from "./rates";
import type { QuoteInput } from "./schemas";

/**
 * Anonymous callers (null) never get the loyalty discount. A signed-in caller's rate table and count
 * come from the session statement when the route preloaded them (lib/shipping/preload.ts), and are
 * read otherwise.
 *
 * With both preloaded and the table already kept by this process (nearly every quote), nothing is
 * read: the promises below are settled at once (a few hundred nanoseconds each while Node 20 runs
 * async hooks for them, docs/performance.md "Sixth part").
 */
export async function quoteShipping(input: QuoteInput, user: FragmentHolder | null): Promise<Quote> {
  if (user === null) return priceShipment({ ...input, table: await rateTableInForce(), paidOrderCount: null });
  const [key, paidOrderCount] = await Promise.all([fragmentValue(user, rateTableFragment), fragmentValue(user, paidOrderCountFragment)]);
  const table = await rateTableForKey(key);
  return priceShipment({ weightKg: input.weightKg, dimensionsMm: input.dimensionsMm, destination: input.destination, table, paidOrderCount });
}
