/**
 * An address as the lines a person or a label prints, in the destination country's own order
 * (postcode before or after the city, the state where it goes, ...). The formats are OpenCage's
 * worldwide collection through @fragaria/address-formatter; country names come from Intl (English,
 * for the carriers between the two countries).
 *
 * The lines are plain text: pages render them with React (escaped), labels draw them as text.
 */
import * as addressFormatter from "@fragaria/address-formatter";
import type { Address } from "./schemas";

// The package's types declare a named `format`, but its ES build exports only a default object
// (its CommonJS build has both): take whichever this bundler gives.
const { format } = (addressFormatter as unknown as { default?: typeof addressFormatter }).default ?? addressFormatter;

const countryNames = new Intl.DisplayNames(["en"], { type: "region", fallback: "code" });

/** The country's English name for an ISO 3166-1 alpha-2 code ("DE" -> "Germany"). */
export function countryName(code: string): string {
  return countryNames.of(code) ?? code;
}

/**
 * The address's lines: name, company, street lines, locality as the country writes it, country.
 * The formatter has no field for a second street line, so it follows the first one.
 */
export function formatAddress(address: Address): string[] {
  const lines = format(
    {
      attention: address.name,
      ...(address.company ? { house: address.company } : {}),
      road: address.line1,
      city: address.city,
      ...(address.region ? { state: address.region } : {}),
      ...(address.postalCode ? { postcode: address.postalCode } : {}),
      country: countryName(address.country),
      countryCode: address.country,
    },
    // The country's format even where the formatter would guess another; the country's line always
    // (a parcel crosses borders, and the label is read in both countries).
    { output: "array", countryCode: address.country, appendCountry: true, cleanupPostcode: false },
  );
  if (address.line2) {
    const street = lines.indexOf(address.line1);
    lines.splice(street === -1 ? lines.length - 1 : street + 1, 0, address.line2);
  }
  return lines;
}
