/**
 * UPU S10 item identifiers (the 13-character tracking numbers of the postal world): two letters for
 * the service (Keel's are `KE`), an 8-digit serial, a check digit over the serial, and the ISO
 * 3166-1 alpha-2 country of the issuing office (the sender's country). Written by hand: the rule is
 * a dozen lines of the S10 standard and no well-kept npm package implements it.
 *
 * Check digit (S10 section 5.1): the serial's digits weighted 8 6 4 2 3 5 9 7, summed; the check is
 * 11 - (sum mod 11), except 10 -> 0 and 11 -> 5.
 */
import { isCountryCode } from "@/lib/shipping/countries";

/** The service indicator of every number Keel issues. */
export const KEEL_SERVICE_INDICATOR = "KE";
export const MAX_SERIAL = 99_999_999;

const WEIGHTS = [8, 6, 4, 2, 3, 5, 9, 7] as const;
const S10_SHAPE = /^([A-Z]{2})([0-9]{8})([0-9])([A-Z]{2})$/;

export function s10CheckDigit(serial: number): number {
  if (!Number.isInteger(serial) || serial < 0 || serial > MAX_SERIAL) throw new RangeError(`An S10 serial is 0..${MAX_SERIAL}, not ${serial}.`);
  const digits = String(serial).padStart(8, "0");
  const sum = WEIGHTS.reduce((total, weight, i) => total + weight * Number(digits[i]), 0);
  const check = 11 - (sum % 11);
  return check === 10 ? 0 : check === 11 ? 5 : check;
}

/** Keel's tracking number for `serial`, issued by an office in `country` (ISO alpha-2, upper case). */
export function s10Number(serial: number, country: string): string {
  if (!isCountryCode(country)) throw new RangeError(`Not an ISO 3166-1 alpha-2 country code: ${country}`);
  return `${KEEL_SERVICE_INDICATOR}${String(serial).padStart(8, "0")}${s10CheckDigit(serial)}${country}`;
}

export interface S10Parts {
  service: string;
  serial: number;
  country: string;
}

/**
 * The parts of a well-formed S10 number whose check digit is right, or null: a typo (or a guess) is
 * refused here, before any database is asked. Lower case and surrounding spaces are accepted, as
 * people type them from a label.
 */
export function parseS10(input: string): S10Parts | null {
  const match = S10_SHAPE.exec(input.trim().toUpperCase());
  if (!match) return null;
  const [, service, digits, check, country] = match as unknown as [string, string, string, string, string];
  const serial = Number(digits);
  if (s10CheckDigit(serial) !== Number(check) || !isCountryCode(country)) return null;
  return { service, serial, country };
}

/** The canonical spelling (upper case, no spaces) of a valid S10 number, or null. */
export function normalizeS10(input: string): string | null {
  return parseS10(input) ? input.trim().toUpperCase() : null;
}
