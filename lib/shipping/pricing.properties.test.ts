import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { COUNTRY_CODES, regionOf } from "./countries";
import { LOYALTY_DISCOUNT_REASON, LOYALTY_THRESHOLD, priceShipment, RATES_PER_KG_CENTS } from "./pricing";
import { quoteSchema } from "./schemas";
import { gramsToKg, MAX_WEIGHT_GRAMS, weightKgToGrams } from "./weight";

const grams = fc.integer({ min: 1, max: MAX_WEIGHT_GRAMS });
const destination = fc.constantFrom(...COUNTRY_CODES);
const existingOrderCount = fc.option(fc.integer({ min: 0, max: 200 }), { nil: null });
const runs = { numRuns: 5_000 };

const quoteFor = (g: number, country: (typeof COUNTRY_CODES)[number], count: number | null) =>
  priceShipment({ weightKg: gramsToKg(g), destination: country, existingOrderCount: count });

describe("priceShipment properties", () => {
  it("total = subtotal - discount, all non-negative integer cents, discount never above the subtotal", () => {
    fc.assert(
      fc.property(grams, destination, existingOrderCount, (g, country, count) => {
        const quote = quoteFor(g, country, count);
        for (const cents of [quote.subtotalCents, quote.discountCents, quote.totalCents]) {
          expect(Number.isSafeInteger(cents) && cents >= 0).toBe(true);
        }
        expect(quote.totalCents).toBe(quote.subtotalCents - quote.discountCents);
        expect(quote.discountCents).toBeLessThanOrEqual(quote.subtotalCents);
      }),
      runs,
    );
  });

  it("prices by the destination's region, discounts only loyal customers, and matches quoteSchema", () => {
    fc.assert(
      fc.property(grams, destination, existingOrderCount, (g, country, count) => {
        const quote = quoteFor(g, country, count);
        const loyal = count !== null && count > LOYALTY_THRESHOLD;
        expect(quote.region).toBe(regionOf(country));
        expect(quote.ratePerKgCents).toBe(RATES_PER_KG_CENTS[quote.region]);
        expect(quote.currency).toBe("USD");
        expect(quote.discountReason).toBe(loyal ? LOYALTY_DISCOUNT_REASON : undefined);
        expect("discountReason" in quote).toBe(loyal);
        if (!loyal) expect(quote.discountCents).toBe(0);
        expect(quoteSchema.parse(quote)).toStrictEqual(quote);
      }),
      runs,
    );
  });

  it("subtotal and total never decrease as the weight grows", () => {
    fc.assert(
      fc.property(grams, grams, destination, existingOrderCount, (a, b, country, count) => {
        const [lighter, heavier] = [quoteFor(Math.min(a, b), country, count), quoteFor(Math.max(a, b), country, count)];
        expect(lighter.subtotalCents).toBeLessThanOrEqual(heavier.subtotalCents);
        expect(lighter.totalCents).toBeLessThanOrEqual(heavier.totalCents);
      }),
      runs,
    );
  });

  it("one more gram adds 0 or 1 cent (every rate is below 1000 cents per kg)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: MAX_WEIGHT_GRAMS - 1 }), destination, (g, country) => {
        const step = quoteFor(g + 1, country, null).subtotalCents - quoteFor(g, country, null).subtotalCents;
        expect(step === 0 || step === 1).toBe(true);
      }),
      runs,
    );
  });

  it("a loyal customer never pays more than an anonymous one", () => {
    fc.assert(
      fc.property(grams, destination, fc.integer({ min: 0, max: 200 }), (g, country, count) => {
        expect(quoteFor(g, country, count).totalCents).toBeLessThanOrEqual(quoteFor(g, country, null).totalCents);
      }),
      runs,
    );
  });

  it("echoes the weight so that it round-trips: grams -> kg -> grams", () => {
    fc.assert(
      fc.property(grams, destination, existingOrderCount, (g, country, count) => {
        const quote = quoteFor(g, country, count);
        expect(quote.weightKg).toBe(gramsToKg(g));
        expect(weightKgToGrams(quote.weightKg)).toBe(g);
        expect(JSON.parse(JSON.stringify(quote.weightKg))).toBe(quote.weightKg);
      }),
      runs,
    );
  });
});
