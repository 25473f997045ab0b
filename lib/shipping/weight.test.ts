import { describe, expect, it } from "vitest";
import { checkWeightKg, gramsToKg, MAX_WEIGHT_GRAMS, weightKgToGrams, type WeightProblem } from "./weight";

/** "1.005" for 1005 g: the decimal a client would write, built without floating point. */
function decimalKg(grams: number): string {
  return `${Math.floor(grams / 1000)}.${String(grams % 1000).padStart(3, "0")}`;
}

describe("weightKgToGrams", () => {
  it.each([
    [2.1, 2100],
    [0.001, 1],
    [1e-3, 1],
    [1e3, 1_000_000],
    [1e2, 100_000],
    [1000, 1_000_000],
    [999.999, 999_999],
    [1, 1000],
    [0.1, 100],
    [0.2, 200],
    [0.3, 300],
    [0.7, 700],
    [1.001, 1001], // 1.001 * 1000 is 1000.9999999999999
    [1.005, 1005], // 1.005 * 1000 is 1004.9999999999999
    [1.015, 1015], // 1.015 * 1000 is 1014.9999999999999
    [4.35, 4350],
    [123.456, 123_456],
    [0.01, 10],
    [0.005, 5],
    [2.002, 2002],
    [1.0, 1000],
    [5.5, 5500],
  ])("converts %s kg to %s g", (kg, grams) => {
    expect(weightKgToGrams(kg)).toBe(grams);
    expect(checkWeightKg(kg)).toEqual({ ok: true, grams });
  });

  it.each<[number, WeightProblem]>([
    [Number.NaN, "not_finite"],
    [Number.POSITIVE_INFINITY, "not_finite"],
    [Number.NEGATIVE_INFINITY, "not_finite"],
    [0, "not_positive"],
    [-0, "not_positive"],
    [-1, "not_positive"],
    [-0.001, "not_positive"],
    [-Number.MIN_VALUE, "not_positive"],
    [1000.001, "too_heavy"],
    [1000.0001, "too_heavy"],
    [1001, "too_heavy"],
    [1e21, "too_heavy"],
    [Number.MAX_VALUE, "too_heavy"],
    [1.0001, "too_precise"],
    [0.0001, "too_precise"],
    [0.0005, "too_precise"],
    [999.9999, "too_precise"],
    [0.1 + 0.2, "too_precise"], // 0.30000000000000004
    [1e-7, "too_precise"], // printed in exponent notation
    [1.5e-7, "too_precise"],
    [Number.MIN_VALUE, "too_precise"],
    [Math.PI, "too_precise"],
  ])("rejects %s kg as %s", (kg, problem) => {
    expect(checkWeightKg(kg)).toEqual({ ok: false, problem });
    expect(weightKgToGrams(kg)).toBeNull();
  });

  it("reads every gram from 1 g to 1000 kg exactly, from the decimal a client sends", () => {
    const wrong: string[] = [];
    for (let grams = 1; grams <= MAX_WEIGHT_GRAMS; grams++) {
      const kg = JSON.parse(decimalKg(grams)) as number;
      if (weightKgToGrams(kg) !== grams || gramsToKg(grams) !== kg) wrong.push(decimalKg(grams));
    }
    expect(wrong).toEqual([]);
  });
});

describe("gramsToKg", () => {
  it("gives the number that prints as the decimal kilograms", () => {
    expect(gramsToKg(2100)).toBe(2.1);
    expect(String(gramsToKg(1005))).toBe("1.005");
    expect(String(gramsToKg(1))).toBe("0.001");
    expect(String(gramsToKg(1_000_000))).toBe("1000");
  });
});
