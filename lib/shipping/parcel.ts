/**
 * Parcels: the actual weight plus, optionally, the outer dimensions. Carriers charge a bulky, light
 * parcel by the space it takes: volumetric weight (kg) = length x width x height (cm) / divisor, the
 * divisor being data of the rate table (5000 in the first version). The chargeable weight is the
 * larger of the two, and that is what is priced (lib/shipping/pricing.ts).
 *
 * Dimensions arrive in centimetres with at most one decimal and are kept in whole millimetres, so
 * every computation here is exact integer arithmetic: length_mm x width_mm x height_mm / divisor is
 * the volumetric weight in grams (mm^3 / 1000 = cm^3, kg x 1000 = g: the two factors cancel).
 */

/** The contract's bounds: each dimension more than 0 and at most 300 cm. */
export const MAX_DIMENSION_MM = 3000;

export interface DimensionsMm {
  lengthMm: number;
  widthMm: number;
  heightMm: number;
}

// String(number) is either plain ("2.1") or exponent notation ("1e-7"); never signed for positives.
const DECIMAL = /^(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/;

/**
 * The positive number as an integer count of 10^-digits units (cm with 1 digit -> mm), read from its
 * shortest decimal form so that 12.3 is exactly 123 (12.3 * 10 is 123.00000000000001). Null when it
 * has more decimals than `digits`, or is not a finite positive number.
 */
export function toScaledInteger(value: number, digits: number): number | null {
  if (!Number.isFinite(value) || value <= 0) return null;
  const match = DECIMAL.exec(String(value));
  if (!match) return null;
  const [, whole = "", fraction = "", exponent = "0"] = match;
  const scale = Number(exponent) - fraction.length + digits;
  if (scale < 0) return null;
  const scaled = Number(whole + fraction + "0".repeat(Math.min(scale, 20)));
  return Number.isSafeInteger(scaled) ? scaled : null;
}

/** Centimetres (at most one decimal) to whole millimetres; null when not exactly representable. */
export function cmToMm(cm: number): number | null {
  return toScaledInteger(cm, 1);
}

export function mmToCm(mm: number): number {
  return mm / 10;
}

/**
 * Volumetric weight in grams, rounded up to the next whole gram (a started gram is charged, as
 * carriers round volumetric weight up). At most 3000^3 = 2.7e10 before dividing: exact in a double.
 */
export function volumetricGrams({ lengthMm, widthMm, heightMm }: DimensionsMm, divisor: number): number {
  for (const [name, mm] of Object.entries({ lengthMm, widthMm, heightMm })) {
    if (!Number.isSafeInteger(mm) || mm <= 0 || mm > MAX_DIMENSION_MM) throw new RangeError(`${name} must be 1-${MAX_DIMENSION_MM} mm, got ${mm}.`);
  }
  if (!Number.isSafeInteger(divisor) || divisor <= 0) throw new RangeError(`The volumetric divisor must be a positive integer, got ${divisor}.`);
  const volume = lengthMm * widthMm * heightMm;
  return (volume - (volume % divisor)) / divisor + (volume % divisor === 0 ? 0 : 1);
}

/** max(actual, volumetric); the actual weight alone when there are no dimensions. */
export function chargeableGrams(actualGrams: number, volumetric: number | null): number {
  return volumetric === null ? actualGrams : Math.max(actualGrams, volumetric);
}
