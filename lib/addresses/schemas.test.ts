import { describe, expect, it } from "vitest";
import { fieldErrorsOf } from "@/lib/http/errors";
import { formatAddress } from "./format";
import { addressInputSchema, textProblem } from "./schemas";

const valid = { name: "Erika Mustermann", line1: "Heidestraße 17", city: "Köln", postalCode: "51147", country: "DE" };

const errorsOf = (input: unknown) => {
  const result = addressInputSchema.safeParse(input);
  return result.success ? {} : fieldErrorsOf(result.error);
};

describe("addressInputSchema", () => {
  it("accepts a plain address and leaves absent fields out", () => {
    expect(addressInputSchema.parse(valid)).toStrictEqual(valid);
    expect(addressInputSchema.parse({ ...valid, company: "", line2: null, phone: " ", email: "" })).toStrictEqual(valid);
  });

  it("checks postal codes against the country's format, for every country that has them", () => {
    expect(errorsOf({ ...valid, postalCode: "5114" })).toEqual({ postalCode: [expect.stringContaining("not a postal code")] });
    expect(errorsOf({ ...valid, postalCode: undefined })).toEqual({ postalCode: [expect.stringContaining("required")] });
    expect(addressInputSchema.parse({ ...valid, country: "gb", postalCode: "sw1a  1aa" })).toMatchObject({ country: "GB", postalCode: "SW1A 1AA" });
    expect(addressInputSchema.parse({ ...valid, country: "NL", postalCode: "1012 ab" }).postalCode).toBe("1012 AB");
    expect(errorsOf({ ...valid, country: "US", postalCode: "ABCDE" })).toHaveProperty("postalCode");
    expect(errorsOf({ ...valid, country: "JP", postalCode: "100-0001" })).toEqual({});
  });

  it("needs no postal code where the country has none", () => {
    expect(addressInputSchema.parse({ ...valid, country: "HK", postalCode: undefined })).not.toHaveProperty("postalCode");
    expect(addressInputSchema.parse({ ...valid, country: "AE", postalCode: "" })).not.toHaveProperty("postalCode");
  });

  it("refuses unknown countries", () => {
    expect(errorsOf({ ...valid, country: "XX" })).toEqual({ country: ["Unknown country code."] });
    expect(errorsOf({ ...valid, country: "ß" })).toEqual({ country: ["Unknown country code."] });
  });

  it("stores phone numbers in E.164, read in the address's country", () => {
    expect(addressInputSchema.parse({ ...valid, phone: "0221 1234567" }).phone).toBe("+492211234567");
    expect(addressInputSchema.parse({ ...valid, phone: "+1 (415) 555-2671" }).phone).toBe("+14155552671");
    expect(errorsOf({ ...valid, phone: "12" })).toHaveProperty("phone");
    expect(errorsOf({ ...valid, phone: "call me" })).toHaveProperty("phone");
  });

  it("lower-cases e-mail addresses and refuses malformed ones", () => {
    expect(addressInputSchema.parse({ ...valid, email: " Erika@Example.DE " }).email).toBe("erika@example.de");
    expect(errorsOf({ ...valid, email: "not-an-address" })).toHaveProperty("email");
  });

  it.each([
    ["a control character", "Erika\u0000", "control"],
    ["a line break", "Erika\nMustermann", "control"],
    ["a right-to-left override", "Erika \u202Eanna", "format"],
    ["a zero-width space", "Eri\u200Bka", "format"],
    ["an emoji", "Erika 📦", "pictograph"],
    ["a lone surrogate", "Erika \uD800", "control"],
  ])("refuses a name with %s, naming the field", (_what, name, problem) => {
    expect(textProblem(name)).toBe(problem);
    expect(Object.keys(errorsOf({ ...valid, name }))).toEqual(["name"]);
  });

  it("refuses a 10 KB name with a length message", () => {
    expect(errorsOf({ ...valid, name: "x".repeat(10_240) })).toEqual({ name: ["Use at most 100 characters."] });
  });

  it("accepts any script, company signs and the joiners that scripts need", () => {
    for (const name of ["山田 太郎", "محمد علي", "Иван Петров", "ACME™ GmbH ©", "می\u200Cخواهم"]) {
      expect(addressInputSchema.parse({ ...valid, name }).name).toBe(name);
    }
  });

  it("normalises text: NFC, single spaces, trimmed", () => {
    expect(addressInputSchema.parse({ ...valid, city: "  Ko\u0308ln\u00A0  Mitte " }).city).toBe("Köln Mitte");
  });

  it("refuses unknown fields and wrong types", () => {
    expect(errorsOf({ ...valid, isAdmin: true })).toHaveProperty(["isAdmin"]);
    expect(errorsOf({ ...valid, name: 42 })).toEqual({ name: ["The name must be text."] });
    expect(errorsOf({ ...valid, name: "" })).toEqual({ name: ["The name is required."] });
  });
});

describe("formatAddress", () => {
  it("writes the address in the country's own order, with the country's name", () => {
    expect(formatAddress(addressInputSchema.parse(valid))).toEqual(["Erika Mustermann", "Heidestraße 17", "51147 Köln", "Germany"]);
    const us = addressInputSchema.parse({
      name: "Ada Lovelace",
      company: "Analytical Parcels",
      line1: "1 Market St",
      line2: "Suite 5",
      city: "San Francisco",
      region: "CA",
      postalCode: "94105",
      country: "US",
    });
    expect(formatAddress(us)).toEqual(["Ada Lovelace", "Analytical Parcels", "1 Market St", "Suite 5", "San Francisco, CA 94105", "United States of America"]);
  });

  it("keeps text that looks like markup or templates as it is", () => {
    const lines = formatAddress(addressInputSchema.parse({ ...valid, name: "{{x}} <b>Erika</b>" }));
    expect(lines[0]).toBe("{{x}} <b>Erika</b>");
  });
});
