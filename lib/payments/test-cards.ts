/**
 * The test provider's cards (API.md, Payments): Stripe's own test numbers, so the same numbers work
 * on the test provider and in Stripe's test mode. A pure rule, tested exhaustively beside it.
 */
export const TEST_CARD_SUCCEEDS = "4242424242424242";
export const TEST_CARD_DECLINED = "4000000000000002";

export type TestCardOutcome = { kind: "succeeds"; brand: string; last4: string } | { kind: "declined" } | { kind: "unknown" };

/** What the test provider does with a card number (spaces and dashes as people type them are ignored). */
export function testCardOutcome(cardNumber: string): TestCardOutcome {
  const digits = cardNumber.replace(/[\s-]/g, "");
  if (digits === TEST_CARD_SUCCEEDS) return { kind: "succeeds", brand: "visa", last4: digits.slice(-4) };
  if (digits === TEST_CARD_DECLINED) return { kind: "declined" };
  return { kind: "unknown" };
}
