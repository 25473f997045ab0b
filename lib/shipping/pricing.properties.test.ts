import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { COUNTRY_CODES, type CountryCode } from "./countries";
import { CATCH_ALL, loyaltyDiscountReason, priceShipment, type RateTable, SEED_RATE_TABLE, weightChargeCents } from "./pricing";
import { rateTableInputSchema, RATE_LIMITS } from "./rate-table";
import { quoteSchema } from "./schemas";
import { gramsToKg, MAX_WEIGHT_GRAMS, weightKgToGrams } from "./weight";

const grams = fc.integer({ min: 1, max: MAX_WEIGHT_GRAMS });
const destination = fc.constantFrom(...COUNTRY_CODES);
const paidOrderCount = fc.option(fc.integer({ min: 0, max: 200 }), { nil: null });
const runs = { numRuns: 3_000 };

/**
 * Any valid rate table: up to 5 listed zones plus the catch-all, each country in at most one zone,
 * rates, minimums and loyalty anywhere within the bounds an administrator may set.
 */
const rateTable: fc.Arbitrary<RateTable> = fc
  .record({
    zoneCount: fc.integer({ min: 0, max: 5 }),
    // For each country, the listed zone it is in, or none (it falls to the catch-all zone).
    assignment: fc.array(fc.integer({ min: -1, max: 4 }), { minLength: COUNTRY_CODES.length, maxLength: COUNTRY_CODES.length }),
    rates: fc.array(fc.integer({ min: 0, max: RATE_LIMITS.maxRatePerKgCents }), { minLength: 6, maxLength: 6 }),
    minimums: fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 0, max: RATE_LIMITS.maxMinimumChargeCents })), { minLength: 6, maxLength: 6 }),
    catchAllAt: fc.integer({ min: 0, max: 5 }),
    version: fc.integer({ min: 1, max: 1_000_000 }),
    minOrders: fc.integer({ min: 0, max: 200 }),
    percent: fc.integer({ min: 0, max: 100 }),
    volumetricDivisor: fc.integer({ min: RATE_LIMITS.minVolumetricDivisor, max: RATE_LIMITS.maxVolumetricDivisor }),
  })
  .map(({ zoneCount, assignment, rates, minimums, catchAllAt, version, minOrders, percent, volumetricDivisor }) => {
    const listed = Array.from({ length: zoneCount }, (_, i) => ({
      code: `Z${i}`,
      name: `Zone ${i}`,
      countries: COUNTRY_CODES.filter((_, c) => assignment[c] === i) as string[],
      ratePerKgCents: rates[i]!,
      minimumChargeCents: minimums[i]!,
    })).filter((zone) => zone.countries.length > 0);
    const catchAll = { code: "REST", name: "Rest", countries: [CATCH_ALL], ratePerKgCents: rates[5]!, minimumChargeCents: minimums[5]! };
    const zones = [...listed];
    zones.splice(Math.min(catchAllAt, zones.length), 0, catchAll);
    return { version, currency: "USD" as const, zones, loyalty: { minOrders, percent }, volumetricDivisor };
  });

const tableOrSeed = fc.oneof(fc.constant(SEED_RATE_TABLE), rateTable);

const price = (table: RateTable, g: number, country: CountryCode, count: number | null) =>
  priceShipment({ weightKg: gramsToKg(g), destination: country, table, paidOrderCount: count });

describe("rate tables used here", () => {
  it("are ones an administrator could publish", () => {
    fc.assert(
      fc.property(rateTable, (table) => {
        const { version: _version, ...input } = table;
        expect(rateTableInputSchema.safeParse(input).success).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe("priceShipment properties, for any valid rate table", () => {
  it("total = subtotal - discount, all non-negative integer cents, discount never above the subtotal", () => {
    fc.assert(
      fc.property(tableOrSeed, grams, destination, paidOrderCount, (table, g, country, count) => {
        const quote = price(table, g, country, count);
        for (const cents of [quote.subtotalCents, quote.discountCents, quote.totalCents]) {
          expect(Number.isSafeInteger(cents) && cents >= 0).toBe(true);
        }
        expect(quote.totalCents).toBe(quote.subtotalCents - quote.discountCents);
        expect(quote.discountCents).toBeLessThanOrEqual(quote.subtotalCents);
        // Within the orders table's 32-bit integers.
        expect(quote.subtotalCents).toBeLessThan(2 ** 31);
      }),
      runs,
    );
  });

  it("prices by the zone that lists the destination, else the catch-all; subtotal = max(weight charge, minimum)", () => {
    fc.assert(
      fc.property(tableOrSeed, grams, destination, paidOrderCount, (table, g, country, count) => {
        const quote = price(table, g, country, count);
        const zone = table.zones.find((z) => z.countries.includes(country)) ?? table.zones.find((z) => z.countries.includes(CATCH_ALL))!;
        expect(quote.region).toBe(zone.code);
        expect(quote.ratePerKgCents).toBe(zone.ratePerKgCents);
        expect(quote.minimumChargeCents).toBe(zone.minimumChargeCents);
        expect(quote.subtotalCents).toBe(Math.max(weightChargeCents(g, zone.ratePerKgCents), zone.minimumChargeCents));
        expect(quote.subtotalCents).toBeGreaterThanOrEqual(zone.minimumChargeCents);
        expect(quote.ratesVersion).toBe(table.version);
        expect(quote.currency).toBe("USD");
      }),
      runs,
    );
  });

  it("discounts only customers with more than minOrders paid orders, by the table's percentage, and matches quoteSchema", () => {
    fc.assert(
      fc.property(tableOrSeed, grams, destination, paidOrderCount, (table, g, country, count) => {
        const quote = price(table, g, country, count);
        const loyal = count !== null && count > table.loyalty.minOrders && table.loyalty.percent > 0;
        expect(quote.discountReason).toBe(loyal ? loyaltyDiscountReason(table.loyalty) : undefined);
        expect("discountReason" in quote).toBe(loyal);
        if (!loyal) expect(quote.discountCents).toBe(0);
        else expect(quote.discountCents).toBe(Number((BigInt(quote.subtotalCents) * BigInt(table.loyalty.percent) * 2n + 100n) / 200n));
        expect(quoteSchema.parse(quote)).toStrictEqual(quote);
      }),
      runs,
    );
  });

  it("subtotal and total never decrease as the weight grows", () => {
    fc.assert(
      fc.property(tableOrSeed, grams, grams, destination, paidOrderCount, (table, a, b, country, count) => {
        const [lighter, heavier] = [price(table, Math.min(a, b), country, count), price(table, Math.max(a, b), country, count)];
        expect(lighter.subtotalCents).toBeLessThanOrEqual(heavier.subtotalCents);
        expect(lighter.totalCents).toBeLessThanOrEqual(heavier.totalCents);
      }),
      runs,
    );
  });

  it("one more gram adds at most ceil(rate / 1000) cents", () => {
    fc.assert(
      fc.property(tableOrSeed, fc.integer({ min: 1, max: MAX_WEIGHT_GRAMS - 1 }), destination, (table, g, country) => {
        const before = price(table, g, country, null);
        const step = price(table, g + 1, country, null).subtotalCents - before.subtotalCents;
        expect(step).toBeGreaterThanOrEqual(0);
        expect(step).toBeLessThanOrEqual(Math.ceil(before.ratePerKgCents / 1000));
      }),
      runs,
    );
  });

  it("a loyal customer never pays more than an anonymous one", () => {
    fc.assert(
      fc.property(tableOrSeed, grams, destination, fc.integer({ min: 0, max: 200 }), (table, g, country, count) => {
        expect(price(table, g, country, count).totalCents).toBeLessThanOrEqual(price(table, g, country, null).totalCents);
      }),
      runs,
    );
  });

  it("echoes the weight so that it round-trips: grams -> kg -> grams", () => {
    fc.assert(
      fc.property(grams, destination, paidOrderCount, (g, country, count) => {
        const quote = price(SEED_RATE_TABLE, g, country, count);
        expect(quote.weightKg).toBe(gramsToKg(g));
        expect(weightKgToGrams(quote.weightKg)).toBe(g);
        expect(JSON.parse(JSON.stringify(quote.weightKg))).toBe(quote.weightKg);
      }),
      runs,
    );
  });
});
