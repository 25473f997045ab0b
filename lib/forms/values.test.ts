import { describe, expect, it } from "vitest";
import { quoteInputSchema } from "@/lib/shipping/schemas";
import { decimalFromForm, optionalFromForm } from "./values";

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
    for (const typed of ["abc", "1e3", "0x10", "1.2.3", "-1", "Infinity", "2,1,0"]) expect(decimalFromForm(typed)).toBe(typed);
  });

  it("feeds the quote schema the same messages the API gives", () => {
    const messages = (weightKg: string) =>
      quoteInputSchema.safeParse({ weightKg: decimalFromForm(weightKg), destination: "DE" }).error?.issues.map((i) => i.message);
    expect(messages("")).toEqual(["Weight is required."]);
    expect(messages("heavy")).toEqual(["Weight must be a number in kilograms."]);
    expect(messages("0")).toEqual(["Weight must be more than 0 kg."]);
    expect(messages("2.1")).toBeUndefined();
  });
});

describe("optionalFromForm", () => {
  it("treats a blank field as not given", () => {
    expect(optionalFromForm("")).toBeUndefined();
    expect(optionalFromForm("  ")).toBeUndefined();
    expect(optionalFromForm("ref-1")).toBe("ref-1");
  });
});
