import { describe, expect, it } from "vitest";
import { quoteInputSchema } from "@/lib/shipping/schemas";
import { decimalFromForm, optionalFromForm, readDecimal } from "./values";

describe("decimalFromForm", () => {
  it("reads decimals as typed, with a point or a comma", () => {
    expect(decimalFromForm("2.1")).toBe(2.1);
    expect(decimalFromForm(" 2,1 ")).toBe(2.1);
    expect(decimalFromForm(".5")).toBe(0.5);
    expect(decimalFromForm("1000")).toBe(1000);
  });

  it("leaves blank out, so the schema says the field is required", () => {
    expect(decimalFromForm("")).toBeUndefined();
    expect(decimalFromForm("   ")).toBeUndefined();
  });

  it("leaves anything else as text, so the schema says it is not a number", () => {
    for (const typed of ["abc", "1e3", "0x10", "1.2.3", "Infinity", "2,1,0", "1,000"]) expect(decimalFromForm(typed)).toBe(typed);
  });

  it("reads a minus sign, so the schema can say the weight must be more than 0 (not that it is no number)", () => {
    expect(decimalFromForm("-1")).toBe(-1);
    expect(decimalFromForm(" -0,5 ")).toBe(-0.5);
  });


  it("feeds the quote schema the same messages the API gives", () => {
    const messages = (weightKg: string) =>
      quoteInputSchema.safeParse({ weightKg: decimalFromForm(weightKg), destination: "DE" }).error?.issues.map((i) => i.message);
    expect(messages("")).toEqual(["Weight is required."]);
    expect(messages("heavy")).toEqual(["Weight must be a number in kilograms."]);
    expect(messages("0")).toEqual(["Weight must be more than 0 kg."]);
    expect(messages("2.1")).toBeUndefined();
    expect(messages("-1")).toEqual(["Weight must be more than 0 kg."]);
  });
});

describe("readDecimal (issue 10: \"1,000\" was priced as 1 kg)", () => {
  it("takes a comma as the decimal separator only when it can be nothing else", () => {
    expect(readDecimal("1,5")).toEqual({ ok: true, value: 1.5 });
    expect(readDecimal("1,50")).toEqual({ ok: true, value: 1.5 });
    expect(readDecimal("0,500")).toEqual({ ok: true, value: 0.5 });
    expect(readDecimal("1234,567")).toEqual({ ok: true, value: 1234.567 });
    expect(readDecimal(",5")).toEqual({ ok: true, value: 0.5 });
    expect(readDecimal("1,0005")).toEqual({ ok: true, value: 1.0005 });
  });

  it("refuses what could be a thousands separator, and says why", () => {
    const read = readDecimal("1,000");
    expect(read.ok).toBe(false);
    expect(!read.ok && read.message).toBe(
      '"1,000" could mean 1 or 1000, so it is not guessed: write 1 or 1000. A comma counts as a decimal point only where it can be nothing else, as in 2,5.',
    );
    expect(readDecimal("12,345")).toMatchObject({ ok: false, message: expect.stringContaining("could mean 12.345 or 12345") });
    expect(readDecimal(" 999,999 ")).toMatchObject({ ok: false });
  });

  it("refuses grouped digits with a message of their own", () => {
    for (const typed of ["1,000.5", "1.000,5", "1,000,000", "1.000.000"]) {
      expect(readDecimal(typed), typed).toMatchObject({ ok: false, message: expect.stringContaining("without thousands separators") });
    }
  });

  it("leaves other values to the schema", () => {
    expect(readDecimal("")).toEqual({ ok: true, value: undefined });
    expect(readDecimal("abc")).toEqual({ ok: true, value: "abc" });
    expect(readDecimal(2)).toEqual({ ok: true, value: 2 });
    expect(readDecimal("1.000")).toEqual({ ok: true, value: 1 });
  });
});

describe("optionalFromForm", () => {
  it("treats a blank field as not given", () => {
    expect(optionalFromForm("")).toBeUndefined();
    expect(optionalFromForm("  ")).toBeUndefined();
    expect(optionalFromForm("ref-1")).toBe("ref-1");
  });
});
