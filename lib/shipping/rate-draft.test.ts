import { describe, expect, it } from "vitest";
import { SEED_RATE_TABLE } from "./pricing";
import { amountToCents, centsToAmount, draftPathOf, type RateDraft, rateDraftToTableSchema, readCountries } from "./rate-draft";

const seedDraft = (): RateDraft => ({
  zones: SEED_RATE_TABLE.zones.map((zone) => ({
    code: zone.code,
    name: zone.name,
    countries: zone.countries.join(", "),
    ratePerKg: centsToAmount(zone.ratePerKgCents),
    minimumCharge: centsToAmount(zone.minimumChargeCents),
  })),
  minOrders: String(SEED_RATE_TABLE.loyalty.minOrders),
  percent: String(SEED_RATE_TABLE.loyalty.percent),
  volumetricDivisor: String(SEED_RATE_TABLE.volumetricDivisor),
});

describe("amounts typed in dollars", () => {
  it("become exact cents, with up to 2 decimals", () => {
    const cents = (typed: string) => amountToCents(typed, "the rate", 100_000);
    expect(cents("12.50")).toEqual({ ok: true, cents: 1250 });
    expect(cents(" 12.5 ")).toEqual({ ok: true, cents: 1250 });
    expect(cents("12")).toEqual({ ok: true, cents: 1200 });
    expect(cents("12.")).toEqual({ ok: true, cents: 1200 });
    expect(cents("$0.29")).toEqual({ ok: true, cents: 29 }); // 0.29 * 100 is 28.999... in floating point
    expect(cents("1000.00")).toEqual({ ok: true, cents: 100_000 });
    expect(cents("0")).toEqual({ ok: true, cents: 0 });
  });

  it("are refused with a reason: a third decimal, negative, too large, not a number, blank", () => {
    const message = (typed: string) => {
      const read = amountToCents(typed, "the rate", 100_000);
      return read.ok ? null : read.message;
    };
    expect(message("12.505")).toBe("Use at most 2 decimals for the rate (whole cents).");
    expect(message("-1")).toBe("The rate cannot be negative.");
    expect(message("1000.01")).toBe("The rate can be at most $1,000.00.");
    expect(message("99999999999999999999")).toBe("The rate can be at most $1,000.00.");
    expect(message("12,50")).toMatch(/in dollars, like 12\.50/);
    expect(message("1e3")).toMatch(/in dollars/);
    expect(message(" ")).toBe("Enter the rate in dollars, like 12.50.");
  });
});

describe("countries typed as codes", () => {
  it("are split on spaces and commas, any case, and unknown ones are kept apart", () => {
    expect(readCountries(" de, FR  at,,it ")).toEqual({ codes: ["DE", "FR", "AT", "IT"], unknown: [] });
    expect(readCountries("DE XX Germany")).toEqual({ codes: ["DE"], unknown: ["XX", "Germany"] });
    expect(readCountries("*")).toEqual({ codes: ["*"], unknown: [] });
  });
});

describe("the editor's draft read into a rate table", () => {
  it("reads the seed's table back exactly", () => {
    const parsed = rateDraftToTableSchema.parse(seedDraft());
    expect(parsed).toEqual({ currency: "USD", zones: SEED_RATE_TABLE.zones, loyalty: SEED_RATE_TABLE.loyalty, volumetricDivisor: SEED_RATE_TABLE.volumetricDivisor });
  });

  it("names every unknown code in one message, and says each error at its field's path", () => {
    const draft = seedDraft();
    draft.zones[1]!.countries = "DE, XX, FR, Atlantis";
    draft.zones[0]!.ratePerKg = "2.505";
    const result = rateDraftToTableSchema.safeParse(draft);
    expect(result.success).toBe(false);
    const issues = result.error!.issues.map((issue) => [draftPathOf(issue.path), issue.message]);
    expect(issues).toEqual([
      ["zones.0.ratePerKg", "Use at most 2 decimals for the rate per kg (whole cents)."],
      ["zones.1.countries", 'These are not country codes we know: "XX", "Atlantis". Use ISO 3166-1 alpha-2 codes (DE for Germany), or *.'],
    ]);
  });

  it("leaves the table-wide rules to the API's schema, at the draft's paths", () => {
    const draft = seedDraft();
    draft.zones[0]!.countries = "US DE";
    draft.minOrders = "";
    const result = rateDraftToTableSchema.safeParse(draft);
    const issues = result.error!.issues.map((issue) => draftPathOf(issue.path));
    expect(issues).toContain("minOrders");
    const blankDivisor = rateDraftToTableSchema.safeParse({ ...seedDraft(), volumetricDivisor: " " });
    expect(blankDivisor.error!.issues.map((issue) => draftPathOf(issue.path))).toEqual(["volumetricDivisor"]);
  });
});
