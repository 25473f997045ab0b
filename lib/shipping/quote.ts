/** POST /api/v1/shipping/quote: a price for a parcel under the rate table in force. */
import { type FragmentHolder, fragmentValue } from "@/lib/auth/sessions/session-fragment";
import { type MaybePromise, whenBothReady } from "@/lib/maybe-promise";
import { priceShipment, type Quote } from "./pricing";
import { paidOrderCountFragment } from "./loyalty";
import { rateTableFragment, rateTableInForce } from "./rates";
import type { QuoteInput } from "./schemas";

/**
 * Anonymous callers (null) never get the loyalty discount. A signed-in caller's rate table and count
 * come from the session statement when the route preloaded them (lib/shipping/preload.ts), and are
 * read otherwise.
 *
 * With both preloaded and the table already kept by this process (nearly every quote), the quote is
 * priced at once: the quote itself, not a promise of it. Each promise is paid for on every request
 * while Node 20 runs async hooks for them (docs/performance.md).
 */
export function quoteShipping(input: QuoteInput, user: FragmentHolder | null): MaybePromise<Quote> {
  if (user === null) return rateTableInForce().then((table) => priceShipment({ ...input, table, paidOrderCount: null }));
  return whenBothReady(fragmentValue(user, rateTableFragment), fragmentValue(user, paidOrderCountFragment), (table, paidOrderCount) =>
    priceShipment({ weightKg: input.weightKg, destination: input.destination, table, paidOrderCount }),
  );
}
