import { describe, expect, it } from "vitest";
import { COUNTRY_CODES } from "./countries";
import { SEED_RATE_TABLE } from "./pricing";
import { rateTableInputSchema } from "./rate-table";

const seed = { currency: "USD", zones: SEED_RATE_TABLE.zones, loyalty: SEED_RATE_TABLE.loyalty, volumetricDivisor: SEED_RATE_TABLE.volumetricDivisor };
type Zone = (typeof seed.zones)[number];
const withZones = (zones: Partial<Zone>[]) => ({ ...seed, zones: zones.map((zone, i) => ({ ...seed.zones[Math.min(i, 2)]!, ...zone })) });

/** The failure as `{ "field.path": [messages] }`; null when the table is accepted. */
function errorsOf(input: unknown): Record<string, string[]> | null {
  const result = rateTableInputSchema.safeParse(input);
  if (result.success) return null;
  const errors: Record<string, string[]> = {};
  for (const issue of result.error.issues) (errors[issue.path.join(".") || "_"] ??= []).push(issue.message);
  return errors;
}

describe("rateTableInputSchema: accepted tables", () => {
  it("accepts the seed table unchanged", () => {
    expect(rateTableInputSchema.parse(seed)).toStrictEqual(seed);
  });
  it("accepts a lone catch-all zone, zero rates and minimums, and the bounds themselves", () => {
    expect(errorsOf(withZones([{ code: "ALL", countries: ["*"], ratePerKgCents: 0, minimumChargeCents: 0 }]))).toBeNull();
    expect(errorsOf(withZones([{ code: "ALL", countries: ["*"], ratePerKgCents: 100_000, minimumChargeCents: 100_000 }]))).toBeNull();
    expect(errorsOf({ ...seed, loyalty: { minOrders: 0, percent: 0 } })).toBeNull();
    expect(errorsOf({ ...seed, loyalty: { minOrders: 1_000_000, percent: 100 } })).toBeNull();
  });
  it("upper-cases country codes and trims names", () => {
    const parsed = rateTableInputSchema.parse(withZones([{ countries: ["us", "Ca"], name: "  North America " }, { countries: ["*"] }]));
    expect(parsed.zones[0]).toMatchObject({ countries: ["US", "CA"], name: "North America" });
  });
  it("accepts every assigned country code in one zone", () => {
    expect(errorsOf(withZones([{ countries: [...COUNTRY_CODES] }, { countries: ["*"] }]))).toBeNull();
  });
});

describe("rateTableInputSchema: refused tables, each with its field", () => {
  it.each<[string, unknown, Record<string, string[]>]>([
    ["no catch-all zone", withZones([{ countries: ["US"] }, { countries: ["DE"] }]), { zones: [expect.stringContaining("Exactly one zone")] }],
    [
      "two catch-all zones",
      withZones([{ code: "A", countries: ["*"] }, { code: "B", countries: ["*"] }]),
      { zones: [expect.stringContaining("this table has 2")] },
    ],
    ["a catch-all zone that also lists countries", withZones([{ countries: ["*", "US"] }]), { "zones.0.countries": ['The catch-all zone lists only "*".'] }],
    [
      "a country in two zones",
      withZones([{ code: "A", countries: ["US", "DE"] }, { code: "B", countries: ["FR", "DE"] }, { code: "C", countries: ["*"] }]),
      { "zones.1.countries.1": ["DE is already in zone A."] },
    ],
    ["a country twice in one zone", withZones([{ countries: ["US", "us"] }, { countries: ["*"] }]), { "zones.0.countries.1": ["US is listed twice."] }],
    ["an unknown country", withZones([{ countries: ["US", "XK"] }, { countries: ["*"] }]), { "zones.0.countries.1": ['Unknown country code "XK".'] }],
    ["a country that only upper-cases to one", withZones([{ countries: ["ß"] }, { countries: ["*"] }]), { "zones.0.countries.0": ['Unknown country code "ß".'] }],
    ["an empty country list", withZones([{ countries: [] }, { countries: ["*"] }]), { "zones.0.countries": [expect.stringContaining("at least one")] }],
    ["the same zone code twice", withZones([{ code: "EU" }, { code: "EU", countries: ["*"] }]), { "zones.1.code": ["Zone code EU is used twice."] }],
    ["a lower-case zone code", withZones([{ code: "eu" }, { countries: ["*"] }]), { "zones.0.code": [expect.any(String)] }],
    ["a zone code too long", withZones([{ code: "ABCDEFGHIJK" }, { countries: ["*"] }]), { "zones.0.code": [expect.any(String)] }],
    ["an empty name", withZones([{ name: "  " }, { countries: ["*"] }]), { "zones.0.name": ["The zone name is required."] }],
    ["fractional cents", withZones([{ ratePerKgCents: 250.5 }, { countries: ["*"] }]), { "zones.0.ratePerKgCents": [expect.stringContaining("whole number")] }],
    ["a rate as text", withZones([{ ratePerKgCents: "250" as unknown as number }, { countries: ["*"] }]), { "zones.0.ratePerKgCents": [expect.any(String)] }],
    ["a negative minimum", withZones([{ minimumChargeCents: -1 }, { countries: ["*"] }]), { "zones.0.minimumChargeCents": ["The minimum charge cannot be negative."] }],
    ["a rate above the bound", withZones([{ ratePerKgCents: 100_001 }, { countries: ["*"] }]), { "zones.0.ratePerKgCents": [expect.stringContaining("at most")] }],
    ["a minimum above the bound", withZones([{ minimumChargeCents: 1e9 }, { countries: ["*"] }]), { "zones.0.minimumChargeCents": [expect.stringContaining("at most")] }],
    ["another currency", { ...seed, currency: "EUR" }, { currency: ["The currency must be USD."] }],
    ["a percentage above 100", { ...seed, loyalty: { minOrders: 50, percent: 101 } }, { "loyalty.percent": [expect.stringContaining("at most 100")] }],
    ["a fractional percentage", { ...seed, loyalty: { minOrders: 50, percent: 7.5 } }, { "loyalty.percent": [expect.any(String)] }],
    ["negative orders", { ...seed, loyalty: { minOrders: -1, percent: 10 } }, { "loyalty.minOrders": [expect.any(String)] }],
    ["no zones", { ...seed, zones: [] }, { zones: [expect.any(String), expect.stringContaining("Exactly one zone")] }],
  ])("%s", (_, input, fields) => {
    expect(errorsOf(input)).toStrictEqual(fields);
  });

  it.each(["version", "createdAt", "id"])("refuses the field %s (the server assigns it)", (field) => {
    const result = rateTableInputSchema.safeParse({ ...seed, [field]: 7 });
    expect(result.error?.issues).toMatchObject([{ code: "unrecognized_keys", keys: [field] }]);
  });

  it("refuses more than 50 zones", () => {
    const zones = Array.from({ length: 51 }, (_, i) => ({ ...seed.zones[0]!, code: `Z${i}`, countries: [COUNTRY_CODES[i]!] as string[] }));
    zones[0]!.countries = ["*"];
    expect(errorsOf({ ...seed, zones })).toStrictEqual({ zones: ["At most 50 zones."] });
  });
});
