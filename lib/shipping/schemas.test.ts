import { describe, expect, expectTypeOf, it } from "vitest";
import type { z } from "zod";
import { COUNTRY_CODES, type CountryCode } from "./countries";
import { loyaltyDiscountReason, priceShipment, type Quote, SEED_RATE_TABLE } from "./pricing";
import type { DimensionsMm } from "./parcel";
import { quoteInputSchema, quoteSchema, type QuoteInput } from "./schemas";

/** The failure as `{ "field.path": [messages] }`; null when the input is accepted. */
function errorsOf(input: unknown): Record<string, string[]> | null {
  const result = quoteInputSchema.safeParse(input);
  if (result.success) return null;
  const errors: Record<string, string[]> = {};
  for (const issue of result.error.issues) (errors[issue.path.join(".") || "_"] ??= []).push(issue.message);
  return errors;
}

const valid = { weightKg: 2.1, destination: "DE" };

describe("quoteInputSchema: accepted input", () => {
  it("parses a valid quote request", () => {
    expect(quoteInputSchema.parse(valid)).toStrictEqual({ weightKg: 2.1, destination: "DE" });
  });

  it.each(["de", "De", "dE"])("accepts %s as DE", (destination) => {
    expect(quoteInputSchema.parse({ ...valid, destination }).destination).toBe("DE");
  });

  it("accepts every assigned code, in upper and lower case", () => {
    for (const code of COUNTRY_CODES) {
      expect(quoteInputSchema.parse({ ...valid, destination: code }).destination).toBe(code);
      expect(quoteInputSchema.parse({ ...valid, destination: code.toLowerCase() }).destination).toBe(code);
    }
  });

  it.each([0.001, 1e-3, 1, 2.1, 1.005, 999.999, 1000, 1e3])("accepts %s kg unchanged", (weightKg) => {
    expect(quoteInputSchema.parse({ ...valid, weightKg }).weightKg).toBe(weightKg);
  });

  it("accepts a weight as parsed from JSON text", () => {
    expect(quoteInputSchema.parse(JSON.parse('{"weightKg": 1e-3, "destination": "us"}'))).toStrictEqual({
      weightKg: 0.001,
      destination: "US",
    });
  });
});

describe("quoteInputSchema: weight", () => {
  it.each<[unknown, string]>([
    ["2.1", "Weight must be a number in kilograms."],
    ["", "Weight must be a number in kilograms."],
    [Number.NaN, "Weight must be a number in kilograms."],
    [Number.POSITIVE_INFINITY, "Weight must be a number in kilograms."],
    [Number.NEGATIVE_INFINITY, "Weight must be a number in kilograms."],
    [null, "Weight must be a number in kilograms."],
    [true, "Weight must be a number in kilograms."],
    [[2.1], "Weight must be a number in kilograms."],
    [{ kg: 2.1 }, "Weight must be a number in kilograms."],
    [2n, "Weight must be a number in kilograms."],
    [0, "Weight must be more than 0 kg."],
    [-0, "Weight must be more than 0 kg."],
    [-1, "Weight must be more than 0 kg."],
    [-0.001, "Weight must be more than 0 kg."],
    [1000.001, "Weight can be at most 1000 kg."],
    [1000.0001, "Weight can be at most 1000 kg."],
    [1e6, "Weight can be at most 1000 kg."],
    [1.0001, "Weight can have at most 3 decimals (grams)."],
    [0.0001, "Weight can have at most 3 decimals (grams)."],
    [999.9999, "Weight can have at most 3 decimals (grams)."],
    [0.1 + 0.2, "Weight can have at most 3 decimals (grams)."],
    [1e-7, "Weight can have at most 3 decimals (grams)."],
  ])("rejects %s with one clear message", (weightKg, message) => {
    expect(errorsOf({ ...valid, weightKg })).toStrictEqual({ weightKg: [message] });
  });
});

describe("quoteInputSchema: destination", () => {
  it.each([
    "ZZ",
    "XX",
    "USA",
    "",
    "D",
    "1A",
    "EL", // the EU's code for Greece, not ISO's
    "UK", // reserved, not assigned: the United Kingdom is GB
    "XK",
    " DE",
    "DE ",
    "de\n",
    "D-",
    "ＤＥ", // full-width letters
    "ß", // upper-cases to SS (South Sudan)
    "ıd", // dotless i: upper-cases to ID (Indonesia)
    "ſe", // long s: upper-cases to SE (Sweden)
    "x".repeat(10_000),
  ])("rejects %j", (destination) => {
    expect(errorsOf({ ...valid, destination })).toStrictEqual({ destination: ["Unknown country code."] });
  });

  it.each([[49], [null], [true], [["DE"]], [{ code: "DE" }]])("rejects %j as not a string", (destination) => {
    expect(errorsOf({ ...valid, destination })).toStrictEqual({ destination: ["Destination must be a country code."] });
  });
});

describe("quoteInputSchema: shape", () => {
  it("reports each missing field", () => {
    expect(errorsOf({})).toStrictEqual({ weightKg: ["Weight is required."], destination: ["Destination is required."] });
    expect(errorsOf({ weightKg: 2.1 })).toStrictEqual({ destination: ["Destination is required."] });
    expect(errorsOf({ destination: "DE" })).toStrictEqual({ weightKg: ["Weight is required."] });
    expect(errorsOf({ ...valid, weightKg: undefined })).toStrictEqual({ weightKg: ["Weight is required."] });
  });

  it.each(["price", "totalCents", "discountCents", "existingOrderCount", "__proto__x"])("rejects the unknown field %s", (field) => {
    const result = quoteInputSchema.safeParse({ ...valid, [field]: 0 });
    expect(result.success).toBe(false);
    expect(result.error?.issues).toMatchObject([{ code: "unrecognized_keys", keys: [field] }]);
  });

  it.each([null, undefined, [], [valid], "DE", 2.1, true])("rejects %j as the whole body", (input) => {
    expect(quoteInputSchema.safeParse(input).success).toBe(false);
  });

  it("types the output with a country code", () => {
    expectTypeOf<QuoteInput>().toEqualTypeOf<{ weightKg: number; destination: CountryCode; dimensionsMm?: DimensionsMm }>();
  });
});

describe("quoteSchema", () => {
  const quote = priceShipment({ weightKg: 2.1, destination: "DE", table: SEED_RATE_TABLE, paidOrderCount: 51 });

  it("describes exactly what priceShipment returns", () => {
    expectTypeOf<z.output<typeof quoteSchema>>().toEqualTypeOf<Quote>();
    expect(quoteSchema.parse(quote)).toStrictEqual(quote);
  });

  it("has a documented example that is a real quote", () => {
    const example = quoteSchema.meta()?.example;
    expect(example).toStrictEqual(quote);
    expect(quoteSchema.parse(example)).toStrictEqual(quote);
    expect(quote.discountReason).toBe(loyaltyDiscountReason(SEED_RATE_TABLE.loyalty));
  });

  it.each<[string, Record<string, unknown>]>([
    ["a total that is not subtotal - discount", { totalCents: 568 }],
    ["fractional cents", { subtotalCents: 630.5, totalCents: 567.5 }],
    ["negative cents", { discountCents: -63, totalCents: 693 }],
    ["another currency", { currency: "EUR" }],
    ["a region that is not a zone code", { region: "asia" }],
    ["no rates version", { ratesVersion: undefined }],
    ["an extra field", { grams: 2100 }],
    ["a missing field", { weightKg: undefined }],
  ])("rejects %s", (_, change) => {
    expect(quoteSchema.safeParse({ ...quote, ...change }).success).toBe(false);
  });
});
