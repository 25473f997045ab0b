import { describe, expect, it } from "vitest";
import type { CountryCode } from "./countries";
import {
  CATCH_ALL,
  CURRENCY,
  discountCents,
  loyaltyDiscountApplies,
  loyaltyDiscountReason,
  priceShipment,
  type RateTable,
  SEED_RATE_TABLE,
  subtotalCents,
  weightChargeCents,
  zoneFor,
} from "./pricing";
import { MAX_WEIGHT_GRAMS } from "./weight";

/** "1.005" for 1005 g: the decimal a client would write, built without floating point. */
function decimalKg(grams: number): string {
  return `${Math.floor(grams / 1000)}.${String(grams % 1000).padStart(3, "0")}`;
}

/** Reference price: decimal kg x rate in BigInt, half-up to the cent. */
function referenceSubtotal(decimal: string, rate: number): number {
  const grams = BigInt(decimal.replace(".", ""));
  return Number((grams * BigInt(rate) * 2n + 1000n) / 2000n);
}

const table = SEED_RATE_TABLE;
/** The exhaustive loops take seconds; on a loaded 2-core machine, more than vitest's default 5 s. */
const EXHAUSTIVE_TIMEOUT_MS = 60_000;
/** The seed's rates without the minimum charge: the weight charge on its own, as before version 1. */
const noMinimum: RateTable = { ...table, version: 2, zones: table.zones.map((zone) => ({ ...zone, minimumChargeCents: 0 })) };
const anonymous = (weightKg: number, destination: CountryCode, rates: RateTable = noMinimum) =>
  priceShipment({ weightKg, destination, table: rates, paidOrderCount: null });
const LOYALTY_DISCOUNT_REASON = "Loyalty discount: 10% off for customers with more than 50 orders.";

describe("the seed rate table (version 1)", () => {
  it("matches the contract", () => {
    expect(table.version).toBe(1);
    expect(table.zones.map((zone) => [zone.code, zone.ratePerKgCents, zone.minimumChargeCents])).toEqual([
      ["US", 250, 100],
      ["EU", 300, 100],
      ["INTL", 400, 100],
    ]);
    expect(table.zones[2]!.countries).toEqual([CATCH_ALL]);
    expect(table.zones[1]!.countries).toHaveLength(27);
    expect(CURRENCY).toBe("USD");
    expect(table.loyalty).toEqual({ minOrders: 50, percent: 10 });
    expect(loyaltyDiscountReason(table.loyalty)).toBe(LOYALTY_DISCOUNT_REASON);
  });
});

describe("zoneFor", () => {
  const custom: RateTable = {
    ...table,
    zones: [
      { code: "ROW", name: "Rest of world", countries: [CATCH_ALL], ratePerKgCents: 900, minimumChargeCents: 0 },
      { code: "DACH", name: "DACH", countries: ["DE", "AT", "CH"], ratePerKgCents: 200, minimumChargeCents: 0 },
    ],
  };
  it("finds the zone that lists the country, wherever the catch-all zone is", () => {
    expect(zoneFor(custom, "CH").code).toBe("DACH");
    expect(zoneFor(custom, "DE").code).toBe("DACH");
    expect(zoneFor(custom, "FR").code).toBe("ROW");
    expect(zoneFor(custom, "US").code).toBe("ROW");
  });
  it("throws for a table without a catch-all zone (validation never lets one in)", () => {
    expect(() => zoneFor({ ...custom, zones: custom.zones.slice(1) }, "FR")).toThrow(RangeError);
  });
});

describe("minimum charge", () => {
  it.each<[number, CountryCode, number]>([
    [0.001, "US", 100], // 0.25 -> 0, then the minimum
    [0.001, "DE", 100],
    [0.001, "JP", 100],
    [0.25, "JP", 100], // exactly 100
    [0.251, "JP", 100], // 100.4
    [0.252, "JP", 101], // 100.8: above the minimum
    [0.4, "US", 100],
    [0.401, "US", 100], // 100.25
    [0.402, "US", 101], // 100.5, half-up
    [0.333, "DE", 100], // 99.9
    [0.334, "DE", 100], // 100.2
    [2.1, "DE", 630],
  ])("%s kg to %s costs %s cents under version 1", (weightKg, destination, cents) => {
    expect(anonymous(weightKg, destination, table).subtotalCents).toBe(cents);
    expect(anonymous(weightKg, destination, table).minimumChargeCents).toBe(100);
  });

  it("is max(weight charge, minimum) for every gram up to 1 kg in every zone of version 1", () => {
    const wrong: string[] = [];
    for (let grams = 1; grams <= 1000; grams++) {
      for (const destination of ["US", "DE", "JP"] as const) {
        const quote = anonymous(grams / 1000, destination, table);
        if (quote.subtotalCents !== Math.max(weightChargeCents(grams, quote.ratePerKgCents), 100)) wrong.push(`${grams} ${destination}`);
      }
    }
    expect(wrong).toEqual([]);
  }, EXHAUSTIVE_TIMEOUT_MS);

  it("applies before the discount, which is taken from it", () => {
    const quote = priceShipment({ weightKg: 0.001, destination: "US", table, paidOrderCount: 51 });
    expect([quote.subtotalCents, quote.discountCents, quote.totalCents]).toEqual([100, 10, 90]);
  });

  it("works directly on grams", () => {
    expect(subtotalCents(1, 250, 100)).toBe(100);
    expect(subtotalCents(2100, 300, 100)).toBe(630);
    expect(subtotalCents(0, 400, 0)).toBe(0);
    expect(() => subtotalCents(1, 250, -1)).toThrow(RangeError);
    expect(() => subtotalCents(1, 250, 1.5)).toThrow(RangeError);
  });
});

describe("subtotal", () => {
  it.each<[number, CountryCode, number]>([
    [2.1, "DE", 630],
    [0.001, "US", 0], // 0.25
    [0.001, "DE", 0], // 0.3
    [0.001, "JP", 0], // 0.4
    [0.002, "US", 1], // 0.5, half-up
    [0.002, "FR", 1], // 0.6
    [0.002, "JP", 1], // 0.8
    [0.003, "US", 1], // 0.75
    [0.005, "US", 1], // 1.25
    [0.006, "US", 2], // 1.5
    [0.009, "US", 2], // 2.25
    [0.01, "US", 3], // 2.5
    [0.006, "ES", 2], // 1.8
    [0.1, "US", 25],
    [0.2, "US", 50],
    [0.3, "US", 75],
    [0.3, "NL", 90],
    [0.7, "CA", 280],
    [1, "US", 250],
    [1, "IT", 300],
    [1, "GB", 400],
    [1.001, "CH", 400], // 400.4
    [1.005, "US", 251], // 251.25
    [1.005, "JP", 402],
    [1000, "US", 250_000],
    [1000, "DE", 300_000],
    [1000, "JP", 400_000],
    [999.999, "US", 250_000], // 249999.75
    [999.999, "SE", 300_000], // 299999.7
    [999.999, "NO", 400_000], // 399999.6
    [123.456, "US", 30_864], // 30864
    [123.457, "US", 30_864], // 30864.25
    [123.458, "US", 30_865], // 30864.5
  ])("%s kg to %s is %s cents", (weightKg, destination, cents) => {
    expect(anonymous(weightKg, destination).subtotalCents).toBe(cents);
  });

  // Each of these is a half-cent case where Math.round(kg * rate) rounds the wrong way.
  it.each<[number, CountryCode, number]>([
    [2.002, "US", 501], // 500.5
    [2.006, "US", 502], // 501.5
    [2.03, "US", 508], // 507.5
    [0.205, "DE", 62], // 61.5
    [0.285, "IT", 86], // 85.5
    [0.345, "FR", 104], // 103.5
    [1.005, "FR", 302], // 301.5
    [1.015, "AT", 305], // 304.5
  ])("%s kg to %s is %s cents, where naive float rounding is one cent short", (weightKg, destination, cents) => {
    const rate = anonymous(weightKg, destination).ratePerKgCents;
    expect(Math.round(weightKg * rate)).toBe(cents - 1);
    expect(anonymous(weightKg, destination).subtotalCents).toBe(cents);
  });

  it("matches BigInt arithmetic on the decimal for every gram from 1 g to 1000 kg, in every region", () => {
    const wrong: string[] = [];
    for (let grams = 1; grams <= MAX_WEIGHT_GRAMS; grams++) {
      const decimal = decimalKg(grams);
      const weightKg = JSON.parse(decimal) as number;
      for (const destination of ["US", "DE", "JP"] as const) {
        const quote = anonymous(weightKg, destination);
        if (quote.subtotalCents !== referenceSubtotal(decimal, quote.ratePerKgCents)) wrong.push(`${decimal} ${destination}`);
      }
    }
    expect(wrong).toEqual([]);
  }, EXHAUSTIVE_TIMEOUT_MS);

  it("works directly on grams", () => {
    expect(weightChargeCents(2100, 300)).toBe(630);
    expect(weightChargeCents(0, 400)).toBe(0);
    expect(weightChargeCents(1, 250)).toBe(0);
    expect(weightChargeCents(2, 250)).toBe(1);
    expect(weightChargeCents(MAX_WEIGHT_GRAMS, 400)).toBe(400_000);
    expect(weightChargeCents(MAX_WEIGHT_GRAMS, 100_000)).toBe(100_000_000); // the highest rate a table may have
  });

  it.each([
    [1.5, 250],
    [-1, 250],
    [Number.NaN, 250],
    [Number.POSITIVE_INFINITY, 250],
    [1000, 2.5],
    [1000, -250],
    [2 ** 53, 1],
    [2 ** 40, 2 ** 20], // the product is past 2^53, where integers are no longer exact
  ])("refuses inputs that cannot be priced exactly (%s g at %s)", (grams, rate) => {
    expect(() => weightChargeCents(grams, rate)).toThrow(RangeError);
  });
});

describe("loyalty discount", () => {
  it.each([
    [null, false], // anonymous
    [0, false],
    [1, false],
    [49, false],
    [50, false], // with 50 paid orders: full price
    [51, true], // with 51 paid orders: discount
    [52, true],
    [10_000, true],
  ])("with %s paid orders applies: %s", (count, applies) => {
    expect(loyaltyDiscountApplies(count, table.loyalty)).toBe(applies);
  });

  it("follows the table's rule, and a rule of 0% never applies", () => {
    expect(loyaltyDiscountApplies(3, { minOrders: 2, percent: 5 })).toBe(true);
    expect(loyaltyDiscountApplies(2, { minOrders: 2, percent: 5 })).toBe(false);
    expect(loyaltyDiscountApplies(1, { minOrders: 0, percent: 5 })).toBe(true);
    expect(loyaltyDiscountApplies(0, { minOrders: 0, percent: 5 })).toBe(false);
    expect(loyaltyDiscountApplies(1000, { minOrders: 0, percent: 0 })).toBe(false);
    const quote = priceShipment({ weightKg: 2.1, destination: "DE", table: { ...table, loyalty: { minOrders: 0, percent: 0 } }, paidOrderCount: 99 });
    expect(quote.discountCents).toBe(0);
    expect(quote).not.toHaveProperty("discountReason");
  });

  it.each([
    [0, 0],
    [1, 0], // 0.1
    [4, 0], // 0.4
    [5, 1], // 0.5, half-up
    [6, 1],
    [14, 1], // 1.4
    [15, 2], // 1.5
    [25, 3], // 2.5
    [630, 63],
    [994, 99], // 99.4
    [995, 100], // 99.5
    [999, 100], // 99.9
    [400_000, 40_000],
  ])("is 10%% of %s cents, half-up: %s cents", (subtotal, discount) => {
    expect(discountCents(subtotal, 10)).toBe(discount);
    expect(discountCents(subtotal, 0)).toBe(0);
  });

  it("matches BigInt half-up rounding for every subtotal a quote can have", () => {
    const wrong: number[] = [];
    for (let subtotal = 0; subtotal <= 400_000; subtotal++) {
      const expected = Number((BigInt(subtotal) * 2n * 10n + 100n) / 200n);
      if (discountCents(subtotal, 10) !== expected) wrong.push(subtotal);
    }
    expect(wrong).toEqual([]);
  }, EXHAUSTIVE_TIMEOUT_MS);

  it("matches BigInt half-up rounding for every percentage a table may have", () => {
    const wrong: string[] = [];
    for (let percent = 0; percent <= 100; percent++) {
      for (let subtotal = 0; subtotal <= 2_000; subtotal++) {
        const expected = Number((BigInt(subtotal) * 2n * BigInt(percent) + 100n) / 200n);
        if (discountCents(subtotal, percent) !== expected) wrong.push(`${percent}% of ${subtotal}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(discountCents(100_000_000, 100)).toBe(100_000_000);
  }, EXHAUSTIVE_TIMEOUT_MS);

  it.each([-1, 1.5, Number.NaN])("refuses subtotal %s", (subtotal) => {
    expect(() => discountCents(subtotal, 10)).toThrow(RangeError);
  });

  it.each([-1, 1.5, 101])("refuses percentage %s", (percent) => {
    expect(() => discountCents(100, percent)).toThrow(RangeError);
  });
});

describe("priceShipment", () => {
  // The Quote schema's documented example (./schemas.ts) on purpose: the example the API reference
  // shows is the one these tests price.
  const base = {
    region: "EU",
    ratePerKgCents: 300,
    minimumChargeCents: 100,
    weightKg: 2.1,
    volumetricWeightKg: null,
    chargeableWeightKg: 2.1,
    subtotalCents: 630,
    currency: "USD",
    ratesVersion: 1,
  } as const;

  it("quotes anonymous customers at full price, with no discountReason field", () => {
    const quote = anonymous(2.1, "DE", table);
    expect(quote).toStrictEqual({ ...base, discountCents: 0, totalCents: 630 });
    expect(Object.keys(quote)).not.toContain("discountReason");
  });

  it.each([0, 50])("quotes a customer with %s paid orders at full price", (paidOrderCount) => {
    expect(priceShipment({ weightKg: 2.1, destination: "DE", table, paidOrderCount })).toStrictEqual({
      ...base,
      discountCents: 0,
      totalCents: 630,
    });
  });

  it.each([51, 200])("gives a customer with %s paid orders 10% off, and says why", (paidOrderCount) => {
    expect(priceShipment({ weightKg: 2.1, destination: "DE", table, paidOrderCount })).toStrictEqual({
      ...base,
      discountCents: 63,
      totalCents: 567,
      discountReason: "Loyalty discount: 10% off for customers with more than 50 orders.",
    });
  });

  it("quotes the heaviest parcel abroad for a loyal customer", () => {
    expect(priceShipment({ weightKg: 1000, destination: "JP", table, paidOrderCount: 51 })).toStrictEqual({
      region: "INTL",
      ratePerKgCents: 400,
      minimumChargeCents: 100,
      ratesVersion: 1,
      weightKg: 1000,
      volumetricWeightKg: null,
      chargeableWeightKg: 1000,
      subtotalCents: 400_000,
      discountCents: 40_000,
      totalCents: 360_000,
      currency: "USD",
      discountReason: LOYALTY_DISCOUNT_REASON,
    });
  });

  it("rounds subtotal and discount separately: 0.02 kg US with discount", () => {
    // 5 cents subtotal (without a minimum charge), 0.5 cent discount rounds up to 1.
    const quote = priceShipment({ weightKg: 0.02, destination: "US", table: noMinimum, paidOrderCount: 51 });
    expect([quote.subtotalCents, quote.discountCents, quote.totalCents]).toEqual([5, 1, 4]);
  });

  it.each([0, -1, 1.0001, 1000.001, Number.NaN, Number.POSITIVE_INFINITY])("throws for weight %s, which validation rejects", (weightKg) => {
    expect(() => anonymous(weightKg, "US")).toThrow(RangeError);
  });
});
