import { describe, expect, it } from "vitest";
import { COUNTRY_CODES, EU_MEMBER_STATES, isCountryCode, type CountryCode } from "./countries";
import { SEED_RATE_TABLE, zoneFor } from "./pricing";

/** The zone of the first rate table (the seed), which the contract describes as US, EU and INTL. */
const regionOf = (country: CountryCode) => zoneFor(SEED_RATE_TABLE, country).code as "US" | "EU" | "INTL";

const EU = "AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK".split(" ");

describe("COUNTRY_CODES", () => {
  it("holds the 249 officially assigned codes, each once, in order", () => {
    expect(COUNTRY_CODES).toHaveLength(249);
    expect(new Set(COUNTRY_CODES).size).toBe(249);
    expect([...COUNTRY_CODES].sort()).toEqual([...COUNTRY_CODES]);
    for (const code of COUNTRY_CODES) expect(code).toMatch(/^[A-Z]{2}$/);
  });

  it("includes recently assigned codes", () => {
    for (const code of ["AX", "BL", "BQ", "CW", "MF", "PS", "SS", "SX", "TL", "EH", "TW", "AQ", "UM"]) {
      expect(isCountryCode(code), code).toBe(true);
    }
  });

  it("excludes reserved, user-assigned, withdrawn and informal codes", () => {
    const notAssigned = ["XK", "UK", "EL", "EU", "UN", "EZ", "AC", "CP", "DG", "EA", "IC", "TA", "FX", "AN", "CS", "YU", "TP", "ZR", "SU", "QO", "XX", "ZZ", "AA"];
    for (const code of notAssigned) expect(isCountryCode(code), code).toBe(false);
  });

  it("is exact: no lower case, padding or other lengths", () => {
    for (const value of ["de", "De", " DE", "DE ", "DEU", "D", ""]) expect(isCountryCode(value), value).toBe(false);
  });
});

describe("EU_MEMBER_STATES", () => {
  it("is the 27 member states, all of them assigned codes", () => {
    expect([...EU_MEMBER_STATES].sort()).toEqual(EU);
    for (const code of EU_MEMBER_STATES) expect(isCountryCode(code)).toBe(true);
  });
});

describe("the seed rate table's zones", () => {
  it.each(EU)("puts %s in EU", (code) => {
    expect(regionOf(code as (typeof EU_MEMBER_STATES)[number])).toBe("EU");
  });

  it("puts the US in US", () => {
    expect(regionOf("US")).toBe("US");
  });

  it.each(["GB", "CH", "NO", "CA", "JP", "IS", "LI", "TR", "MX", "PR", "AX", "GF", "RE", "GL", "CN", "AU", "BR"] as const)(
    "puts %s in INTL (not a member state, or a territory with its own code)",
    (code) => {
      expect(regionOf(code)).toBe("INTL");
    },
  );

  it("splits all 249 codes into 1 US, 27 EU and 221 INTL", () => {
    const counts = { US: 0, EU: 0, INTL: 0 };
    for (const code of COUNTRY_CODES) counts[regionOf(code)] += 1;
    expect(counts).toEqual({ US: 1, EU: 27, INTL: 221 });
  });
});
