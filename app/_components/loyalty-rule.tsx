import type { LoyaltyRule } from "@/lib/shipping/pricing";

/**
 * The loyalty discount in words, from the rate table in force (the same rule loyaltyDiscountApplies
 * prices with: more than `minOrders` orders that were paid, shipped or delivered).
 */
export function LoyaltyRuleText({ loyalty }: { loyalty: LoyaltyRule }) {
  if (loyalty.percent <= 0) return <>There is no loyalty discount at the moment.</>;
  return (
    <>
      Once you have more than {loyalty.minOrders} paid orders (paid, shipped or delivered; orders that are only placed or were cancelled do
      not count), every new quote and order gets {loyalty.percent}% off its subtotal, rounded to the cent.
    </>
  );
}
