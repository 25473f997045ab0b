import { describe, expect, it } from "vitest";
import { COMMON_DESTINATIONS, COUNTRY_OPTIONS } from "@/app/_components/countries";
import { entriesFor } from "./destination-search";

const list = (query: string) => entriesFor(query, COUNTRY_OPTIONS, COMMON_DESTINATIONS).map((entry) => entry.country.code);

describe("entriesFor", () => {
  it("lists the common destinations first, then every country, when nothing is typed", () => {
    const entries = entriesFor("", COUNTRY_OPTIONS, COMMON_DESTINATIONS);
    expect(entries.slice(0, COMMON_DESTINATIONS.length).map((entry) => entry.country.code)).toEqual(COMMON_DESTINATIONS);
    expect(entries.slice(0, COMMON_DESTINATIONS.length).every((entry) => entry.group === "common")).toBe(true);
    expect(entries.length).toBe(COMMON_DESTINATIONS.length + COUNTRY_OPTIONS.length);
    expect(new Set(entries.map((entry) => entry.key)).size).toBe(entries.length);
  });

  it("shows the whole list again while the field holds the chosen country's name", () => {
    const germany = COUNTRY_OPTIONS.find((country) => country.code === "DE")!;
    expect(entriesFor("Germany", COUNTRY_OPTIONS, COMMON_DESTINATIONS, germany)[0]!.group).toBe("common");
  });

  it("puts the exact code first, then names that start with the text, then words that do, then the rest", () => {
    expect(list("de")[0]).toBe("DE");
    expect(list("ger")).toEqual(["DE", "DZ", "NE", "NG"]);
    expect(list("guinea")).toEqual(["GN", "GW", "GQ", "PG"]);
    expect(list("new")[0]).toBe("NC");
  });

  it("puts common destinations first among equally good matches", () => {
    expect(list("united")).toEqual(["US", "GB", "AE"]);
  });

  it("ignores case and accents", () => {
    expect(list("CURACAO")).toEqual(["CW"]);
    expect(list("réunion")).toEqual(["RE"]);
  });

  it("finds nothing for text no country has", () => {
    expect(list("zzz")).toEqual([]);
  });
});
