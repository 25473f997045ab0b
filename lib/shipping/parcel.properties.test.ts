/**
 * Chargeable weight and its price for random parcels, against a reference computed independently
 * in integer grams with BigInt (no floating point anywhere): the dimensions as the client writes
 * them (cm with one decimal), the divisor from a random valid rate table.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ValidationFailed } from "@/lib/errors";
import { COUNTRY_CODES } from "./countries";
import { cmToMm, mmToCm, volumetricGrams } from "./parcel";
import { priceShipment, SEED_RATE_TABLE, zoneFor } from "./pricing";
import { RATE_LIMITS } from "./rate-table";
import { parcelInputSchema, quoteSchema } from "./schemas";
import { gramsToKg, MAX_WEIGHT_GRAMS } from "./weight";

const runs = { numRuns: 3_000 };
// Tenths of a centimetre, 0.1-300.0 cm, and how a client writes them (12.3).
const tenths = fc.integer({ min: 1, max: 3000 });
const divisor = fc.oneof(fc.constant(5000), fc.integer({ min: RATE_LIMITS.minVolumetricDivisor, max: RATE_LIMITS.maxVolumetricDivisor }));
const grams = fc.integer({ min: 1, max: MAX_WEIGHT_GRAMS });
const destination = fc.constantFrom(...COUNTRY_CODES);

/** The reference: ceil(l x w x h [mm^3] / divisor) grams, in BigInt. */
function referenceVolumetricGrams(l: number, w: number, h: number, d: number): bigint {
  const volume = BigInt(l) * BigInt(w) * BigInt(h);
  return (volume + BigInt(d) - 1n) / BigInt(d);
}

/** max(weight x rate / 1000 rounded half-up, minimum charge), in BigInt. */
function referenceSubtotal(chargeable: bigint, rate: number, minimum: number): bigint {
  const charge = (chargeable * BigInt(rate) * 2n + 1000n) / 2000n;
  return charge > BigInt(minimum) ? charge : BigInt(minimum);
}

describe("parcel properties", () => {
  it("reads every dimension written with one decimal exactly, and refuses a second decimal", () => {
    fc.assert(
      fc.property(tenths, fc.integer({ min: 1, max: 9 }), (t, extra) => {
        const cm = t / 10;
        expect(cmToMm(cm)).toBe(t);
        expect(mmToCm(t)).toBe(cm);
        expect(cmToMm(Number(`${cm}${String(cm).includes(".") ? "" : "."}0${extra}`))).toBeNull();
      }),
      runs,
    );
  });

  it("prices the chargeable weight, max(actual, volumetric), to the gram and exact to the cent", () => {
    fc.assert(
      fc.property(tenths, tenths, tenths, grams, divisor, destination, (l, w, h, g, d, country) => {
        const table = { ...SEED_RATE_TABLE, volumetricDivisor: d };
        const volumetric = referenceVolumetricGrams(l, w, h, d);
        const chargeable = volumetric > BigInt(g) ? volumetric : BigInt(g);
        expect(BigInt(volumetricGrams({ lengthMm: l, widthMm: w, heightMm: h }, d))).toBe(volumetric);

        const parcel = parcelInputSchema.parse({ weightKg: gramsToKg(g), lengthCm: l / 10, widthCm: w / 10, heightCm: h / 10 });
        expect(parcel.dimensionsMm).toEqual({ lengthMm: l, widthMm: w, heightMm: h });
        const priced = () => priceShipment({ ...parcel, destination: country, table, paidOrderCount: null });
        if (chargeable > BigInt(MAX_WEIGHT_GRAMS)) {
          expect(priced).toThrow(ValidationFailed);
          return;
        }
        const quote = priced();
        const zone = zoneFor(table, country);
        expect(quote.volumetricWeightKg).toBe(Number(volumetric) / 1000);
        expect(quote.chargeableWeightKg).toBe(Number(chargeable) / 1000);
        expect(quote.weightKg).toBe(g / 1000);
        expect(BigInt(quote.subtotalCents)).toBe(referenceSubtotal(chargeable, zone.ratePerKgCents, zone.minimumChargeCents));
        expect(quoteSchema.parse(quote)).toStrictEqual(quote);
      }),
      { numRuns: 1_000 },
    );
    // Parsing each parcel through zod makes this the slow one; the machine is shared.
  }, 60_000);

  it("charges the actual weight when there are no dimensions", () => {
    fc.assert(
      fc.property(grams, destination, (g, country) => {
        const quote = priceShipment({ weightKg: gramsToKg(g), destination: country, table: SEED_RATE_TABLE, paidOrderCount: null });
        expect(quote.volumetricWeightKg).toBeNull();
        expect(quote.chargeableWeightKg).toBe(quote.weightKg);
      }),
      runs,
    );
  });
});
