/** Country names for the accepted destination codes, in English, computed on the server only. */
import "server-only";
import { COUNTRY_CODES } from "@/lib/shipping/countries";

export interface CountryOption {
  code: string;
  name: string;
}

const names = new Intl.DisplayNames(["en"], { type: "region", fallback: "code" });

export const countryName = (code: string): string => names.of(code) ?? code;

/** Sorted by name, for a select; computed once per process. */
export const COUNTRY_OPTIONS: readonly CountryOption[] = COUNTRY_CODES.map((code) => ({ code, name: countryName(code) })).sort(
  (a, b) => a.name.localeCompare(b.name, "en"),
);

export const COUNTRY_NAMES: Readonly<Record<string, string>> = Object.fromEntries(COUNTRY_OPTIONS.map((c) => [c.code, c.name]));
