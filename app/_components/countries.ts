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

/**
 * The destinations listed first in the picker, most common first. Keel prices in US dollars from a
 * US home zone, so the home country leads, then the largest destinations of parcels sent from the
 * US: its neighbours, then the biggest overseas e-commerce markets. A fixed list rather than one
 * counted from orders: it is the same for every customer, does not move while someone is reading
 * it, and costs no query; revisit it when order data says otherwise.
 */
export const COMMON_DESTINATIONS: readonly string[] = ["US", "CA", "MX", "GB", "DE", "FR", "JP", "AU"];

export const COUNTRY_NAMES: Readonly<Record<string, string>> = Object.fromEntries(COUNTRY_OPTIONS.map((c) => [c.code, c.name]));
