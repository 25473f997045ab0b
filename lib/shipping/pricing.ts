/**
 * The shipping price rules (OpenAPI document: POST /api/v1/shipping/quote). Money is integer cents throughout: every rounding step is
 * integer arithmetic with half-up rounding, so a price never depends on binary floating point.
 */
import { regionOf, type CountryCode, type Region } from "./countries";
import { gramsToKg, weightKgToGrams } from "./weight";

export const RATES_PER_KG_CENTS = { US: 250, EU: 300, INTL: 400 } as const satisfies Record<Region, number>;
export const CURRENCY = "USD";
/** Customers with more than this many existing orders get the loyalty discount. */
export const LOYALTY_THRESHOLD = 50;
export const LOYALTY_PERCENT = 10;
export const LOYALTY_DISCOUNT_REASON = `Loyalty discount: ${LOYALTY_PERCENT}% off for customers with more than ${LOYALTY_THRESHOLD} orders.`;

export interface Quote {
  region: Region;
  ratePerKgCents: number;
  /** The weight that was priced, normalised to whole grams. */
  weightKg: number;
  subtotalCents: number;
  discountCents: number;
  totalCents: number;
  currency: typeof CURRENCY;
  /** Present only when a discount applies. */
  discountReason?: string;
}

export interface Shipment {
  weightKg: number;
  destination: CountryCode;
  /** Orders the customer already has; null for an anonymous quote. */
  existingOrderCount: number | null;
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
 * Weight x rate, rounded half-up to the cent. For any valid weight, grams * rate is at most
 * 1,000,000 * 400 = 4e8, far below 2^53, so the whole computation is exact integer arithmetic.
 */
export function subtotalCents(grams: number, ratePerKgCents: number): number {
  nonNegativeInteger(grams, "grams");
  nonNegativeInteger(ratePerKgCents, "ratePerKgCents");
  return divideHalfUp(grams * ratePerKgCents, 1000);
}

export function loyaltyDiscountApplies(existingOrderCount: number | null): boolean {
  return existingOrderCount !== null && existingOrderCount > LOYALTY_THRESHOLD;
}

/** LOYALTY_PERCENT of the subtotal, rounded half-up to the cent; 0 when no discount applies. */
export function discountCents(subtotal: number, applies: boolean): number {
  nonNegativeInteger(subtotal, "subtotal");
  return applies ? divideHalfUp(subtotal * LOYALTY_PERCENT, 100) : 0;
}

/** A shipment whose weight is already in whole grams (an order's, as the schema produced it). */
export interface Parcel {
  weightGrams: number;
  destination: CountryCode;
  existingOrderCount: number | null;
}

/** Prices a validated shipment; throws RangeError for a weight the input schema would have rejected. */
export function priceShipment({ weightKg, destination, existingOrderCount }: Shipment): Quote {
  const grams = weightKgToGrams(weightKg);
  if (grams === null) throw new RangeError(`Not a valid shipping weight: ${weightKg} kg.`);
  return price(grams, destination, existingOrderCount);
}

/** Prices a parcel whose weight is already in grams (an order's). */
export function priceParcel({ weightGrams, destination, existingOrderCount }: Parcel): Quote {
  return price(weightGrams, destination, existingOrderCount);
}

// The one pricing computation, for quotes and orders alike; positional, as the exhaustive tests
// call it millions of times. subtotalCents refuses a weight that is not whole grams.
function price(grams: number, destination: CountryCode, existingOrderCount: number | null): Quote {
  const region = regionOf(destination);
  const ratePerKgCents = RATES_PER_KG_CENTS[region];
  const subtotal = subtotalCents(grams, ratePerKgCents);
  const applies = loyaltyDiscountApplies(existingOrderCount);
  const discount = discountCents(subtotal, applies);
  return {
    region,
    ratePerKgCents,
    weightKg: gramsToKg(grams),
    subtotalCents: subtotal,
    discountCents: discount,
    totalCents: subtotal - discount,
    currency: CURRENCY,
    ...(applies ? { discountReason: LOYALTY_DISCOUNT_REASON } : {}),
  };
}
