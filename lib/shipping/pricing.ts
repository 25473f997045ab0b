/**
 * Shipping prices as a pure function of the parcel, the rate table in force and the customer's
 * paid-order count: no I/O, so every rule here is tested exhaustively (pricing.test.ts) and by
 * properties (pricing.properties.test.ts). The table itself is data (lib/shipping/rates.ts).
 *
 * Integer arithmetic with half-up rounding, so a price never depends on binary floating point.
 */
import { EU_MEMBER_STATES, type CountryCode } from "./countries";
import { chargeableGrams, type DimensionsMm, volumetricGrams } from "./parcel";
import { ValidationFailed } from "@/lib/errors";
import { gramsToKg, MAX_WEIGHT_GRAMS, weightKgToGrams } from "./weight";

/** The contract's only currency (the OpenAPI document: money is integer cents plus a currency code). */
export const CURRENCY = "USD";

/** The `countries` entry of the one zone that takes every country no other zone lists. */
export const CATCH_ALL = "*";

export interface RateZone {
  code: string;
  name: string;
  /** ISO 3166-1 alpha-2 codes, or exactly ["*"] for the catch-all zone. */
  countries: string[];
  ratePerKgCents: number;
  minimumChargeCents: number;
}

export interface LoyaltyRule {
  /** Customers with more than this many paid (or shipped, or delivered) orders get the discount. */
  minOrders: number;
  percent: number;
}

export interface RateTable {
  version: number;
  currency: typeof CURRENCY;
  zones: RateZone[];
  loyalty: LoyaltyRule;
  /** Volumetric weight (kg) = length x width x height (cm) / this (lib/shipping/parcel.ts). */
  volumetricDivisor: number;
}

/**
 * Version 1, as the migration that created the rate tables seeds it (the database is the source of
 * truth; this copy is what the tests and the OpenAPI examples compare with).
 */
export const SEED_RATE_TABLE: RateTable = {
  version: 1,
  currency: CURRENCY,
  zones: [
    { code: "US", name: "United States", countries: ["US"], ratePerKgCents: 250, minimumChargeCents: 100 },
    { code: "EU", name: "European Union", countries: [...EU_MEMBER_STATES].sort(), ratePerKgCents: 300, minimumChargeCents: 100 },
    { code: "INTL", name: "International", countries: [CATCH_ALL], ratePerKgCents: 400, minimumChargeCents: 100 },
  ],
  loyalty: { minOrders: 50, percent: 10 },
  volumetricDivisor: 5000,
};

export interface Quote {
  /** The code of the zone the destination falls in. */
  region: string;
  ratePerKgCents: number;
  minimumChargeCents: number;
  /** The parcel's actual weight, normalised to whole grams. */
  weightKg: number;
  /** Dimensions / the table's divisor, rounded up to the gram; null without dimensions. */
  volumetricWeightKg: number | null;
  /** max(actual, volumetric): the weight that was priced. */
  chargeableWeightKg: number;
  subtotalCents: number;
  discountCents: number;
  totalCents: number;
  currency: typeof CURRENCY;
  /** The rate table version that priced it. */
  ratesVersion: number;
  /** Present only when a discount applies. */
  discountReason?: string;
}

export interface Shipment {
  weightKg: number;
  destination: CountryCode;
  table: RateTable;
  /** The customer's orders that count toward loyalty (paid, shipped, delivered); null when anonymous. */
  paidOrderCount: number | null;
}

function nonNegativeInteger(value: number, name: string): number {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${name} must be a non-negative safe integer, got ${value}.`);
  }
  return value;
}

// Rounds numerator / denominator half-up for an even denominator. Subtracting the remainder first makes
// the division exact, and the safe-integer check makes every step before it exact too.
function divideHalfUp(numerator: number, denominator: number): number {
  const shifted = nonNegativeInteger(numerator + denominator / 2, "numerator");
  return (shifted - (shifted % denominator)) / denominator;
}

/**
 * Weight x rate, rounded half-up to the cent, before the minimum charge. For any valid weight and
 * rate (lib/shipping/rates.ts bounds the rate at 100,000 cents/kg) grams * rate is at most 1e11,
 * far below 2^53, so the whole computation is exact integer arithmetic.
 */
export function weightChargeCents(grams: number, ratePerKgCents: number): number {
  nonNegativeInteger(grams, "grams");
  nonNegativeInteger(ratePerKgCents, "ratePerKgCents");
  return divideHalfUp(grams * ratePerKgCents, 1000);
}

/** max(weight x rate rounded half-up, minimum charge). */
export function subtotalCents(grams: number, ratePerKgCents: number, minimumChargeCents: number): number {
  nonNegativeInteger(minimumChargeCents, "minimumChargeCents");
  return Math.max(weightChargeCents(grams, ratePerKgCents), minimumChargeCents);
}

/** The zone that lists the country, else the catch-all zone. Tables are validated to have exactly one. */
export function zoneFor(table: RateTable, destination: CountryCode): RateZone {
  const listed = table.zones.find((zone) => zone.countries.includes(destination));
  const zone = listed ?? table.zones.find((candidate) => candidate.countries.includes(CATCH_ALL));
  if (!zone) throw new RangeError(`Rate table ${table.version} has no zone for ${destination} and no catch-all zone.`);
  return zone;
}

/** "More than minOrders" paid orders, and a percentage that is not zero. */
export function loyaltyDiscountApplies(paidOrderCount: number | null, loyalty: LoyaltyRule): boolean {
  return paidOrderCount !== null && paidOrderCount > loyalty.minOrders && loyalty.percent > 0;
}

/** `percent` of the subtotal, rounded half-up to the cent. */
export function discountCents(subtotal: number, percent: number): number {
  nonNegativeInteger(subtotal, "subtotal");
  nonNegativeInteger(percent, "percent");
  if (percent > 100) throw new RangeError(`percent must be at most 100, got ${percent}.`);
  return divideHalfUp(subtotal * percent, 100);
}

export function loyaltyDiscountReason(loyalty: LoyaltyRule): string {
  return `Loyalty discount: ${loyalty.percent}% off for customers with more than ${loyalty.minOrders} orders.`;
}

/** A shipment whose weight is already in whole grams (an order's, as the schema produced it). */
export interface Parcel {
  weightGrams: number;
  /** Outer dimensions in whole millimetres, or none (priced by the actual weight). */
  dimensionsMm?: DimensionsMm | null;
  destination: CountryCode;
  table: RateTable;
  /** The customer's orders that count toward loyalty (paid, shipped, delivered); null when anonymous. */
  paidOrderCount: number | null;
}

/** Prices a validated shipment; throws RangeError for a weight the input schema would have rejected. */
export function priceShipment({ weightKg, destination, table, paidOrderCount, dimensionsMm }: Shipment & { dimensionsMm?: DimensionsMm | null }): Quote {
  const grams = weightKgToGrams(weightKg);
  if (grams === null) throw new RangeError(`Not a valid shipping weight: ${weightKg} kg.`);
  return priceParcel({ weightGrams: grams, dimensionsMm, destination, table, paidOrderCount });
}

/** Prices a parcel in grams: the one pricing computation, for quotes and orders alike. */
export function priceParcel({ weightGrams: grams, dimensionsMm, destination, table, paidOrderCount }: Parcel): Quote {
  nonNegativeInteger(grams, "grams");
  const zone = zoneFor(table, destination);
  const volumetric = dimensionsMm ? volumetricGrams(dimensionsMm, table.volumetricDivisor) : null;
  const chargeable = chargeableGrams(grams, volumetric);
  // The weight limit holds for what is priced: it keeps every price and order within its bounds.
  if (chargeable > MAX_WEIGHT_GRAMS) {
    throw new ValidationFailed("The parcel is too large.", {
      parcel: [`Its chargeable weight (${gramsToKg(chargeable)} kg, by its dimensions) is over the ${MAX_WEIGHT_GRAMS / 1000} kg limit.`],
    });
  }
  const subtotal = subtotalCents(chargeable, zone.ratePerKgCents, zone.minimumChargeCents);
  const applies = loyaltyDiscountApplies(paidOrderCount, table.loyalty);
  const discount = applies ? discountCents(subtotal, table.loyalty.percent) : 0;
  return {
    region: zone.code,
    ratePerKgCents: zone.ratePerKgCents,
    minimumChargeCents: zone.minimumChargeCents,
    weightKg: gramsToKg(grams),
    volumetricWeightKg: volumetric === null ? null : gramsToKg(volumetric),
    chargeableWeightKg: gramsToKg(chargeable),
    subtotalCents: subtotal,
    discountCents: discount,
    totalCents: subtotal - discount,
    currency: table.currency,
    ratesVersion: table.version,
    ...(applies ? { discountReason: loyaltyDiscountReason(table.loyalty) } : {}),
  };
}
