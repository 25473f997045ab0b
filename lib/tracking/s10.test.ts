import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { COUNTRY_CODES } from "@/lib/shipping/countries";
import { MAX_SERIAL, normalizeS10, parseS10, s10CheckDigit, s10Number } from "./s10";

const serial = fc.integer({ min: 0, max: MAX_SERIAL });
const country = fc.constantFrom(...COUNTRY_CODES);

describe("UPU S10 tracking numbers", () => {
  it("matches the standard's worked examples and the contract's", () => {
    // S10 section 5.1's example: serial 47312482, check digit 9.
    expect(s10CheckDigit(47312482)).toBe(9);
    expect(parseS10("RR473124829GB")).toEqual({ service: "RR", serial: 47312482, country: "GB" });
    expect(s10Number(12345678, "US")).toBe("KE123456785US");
  });

  it("maps a check of 10 to 0 and 11 to 5", () => {
    // Sum 1 (mod 11) gives 10 -> 0; sum 0 (mod 11) gives 11 -> 5.
    const bySum = new Map<number, number>();
    for (let s = 0; s < 2_000; s++) {
      const digits = String(s).padStart(8, "0");
      const sum = [8, 6, 4, 2, 3, 5, 9, 7].reduce((total, w, i) => total + w * Number(digits[i]), 0);
      bySum.set(sum % 11, s10CheckDigit(s));
    }
    expect(bySum.get(1)).toBe(0);
    expect(bySum.get(0)).toBe(5);
  });

  it("round-trips every random serial and country", () => {
    fc.assert(
      fc.property(serial, country, (n, c) => {
        const number = s10Number(n, c);
        expect(number).toMatch(/^KE[0-9]{9}[A-Z]{2}$/);
        expect(parseS10(number)).toEqual({ service: "KE", serial: n, country: c });
        expect(normalizeS10(` ${number.toLowerCase()} `)).toBe(number);
      }),
      { numRuns: 5_000 },
    );
  });

  it("refuses every wrong check digit", () => {
    fc.assert(
      fc.property(serial, country, fc.integer({ min: 1, max: 9 }), (n, c, shift) => {
        const number = s10Number(n, c);
        const wrong = (Number(number[10]) + shift) % 10;
        expect(parseS10(`${number.slice(0, 10)}${wrong}${number.slice(11)}`)).toBeNull();
      }),
      { numRuns: 5_000 },
    );
  });

  it("refuses what is not an S10 number", () => {
    for (const input of ["", "KE12345678US", "KE1234567855US", "K3123456785US", "KE123456785U5", "KE123456785XX", "KE１２３４５６７８５US", "KE123456785US\n1"]) {
      expect(parseS10(input)).toBeNull();
    }
    expect(() => s10Number(MAX_SERIAL + 1, "US")).toThrow(RangeError);
    expect(() => s10Number(1, "ZZ")).toThrow(RangeError);
  });
});
