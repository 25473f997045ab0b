/**
 * Weights arrive as JSON numbers in kilograms but are priced in whole grams. `kg * 1000` is not safe
 * for that (1.001 * 1000 is 1000.9999999999999), so the conversion reads the number's shortest
 * decimal form, which is exactly what the client wrote for any value written with at most 15 significant digits.
 */

export const MAX_WEIGHT_GRAMS = 1_000_000;

export type WeightProblem = "not_finite" | "not_positive" | "too_heavy" | "too_precise";

export type WeightCheck = { ok: true; grams: number } | { ok: false; problem: WeightProblem };

// String(number) is either plain ("2.1") or exponent notation ("1e-7", "1.5e+21"); never signed here.
const DECIMAL = /^(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/;

export function checkWeightKg(kg: number): WeightCheck {
  if (!Number.isFinite(kg)) return { ok: false, problem: "not_finite" };
  if (kg <= 0) return { ok: false, problem: "not_positive" };
  // Comparing with 1000 is exact: 1000 is a double, and so is kg.
  if (kg > MAX_WEIGHT_GRAMS / 1000) return { ok: false, problem: "too_heavy" };

  const match = DECIMAL.exec(String(kg));
  if (!match) return { ok: false, problem: "too_precise" };
  const [, whole = "", fraction = "", exponent = "0"] = match;
  // kg = (whole fraction) * 10^(exponent - fraction length), and String() never leaves trailing zeros
  // in the fraction, so a negative power of ten for grams means digits below the gram.
  const gramScale = Number(exponent) - fraction.length + 3;
  if (gramScale < 0) return { ok: false, problem: "too_precise" };
  // In range, so at most 1,000,000: reading the digit string as a number is exact.
  return { ok: true, grams: Number(whole + fraction + "0".repeat(gramScale)) };
}

/** The grams for a valid weight, or null when `checkWeightKg` would reject it. */
export function weightKgToGrams(kg: number): number | null {
  const check = checkWeightKg(kg);
  return check.ok ? check.grams : null;
}

/** The nearest double to grams / 1000, which prints back as the same decimal (2100 -> 2.1). */
export function gramsToKg(grams: number): number {
  return grams / 1000;
}
