/**
 * An address as the lines of a label, in the destination country's own order and format (postal
 * code before or after the city, the region where it goes), by @fragaria/address-formatter (the
 * OpenCage address templates). The contract's address has `line1`/`line2` rather than road and
 * house number: line1 stands in the road's place, line2 follows it.
 */
import addressFormatter from "@fragaria/address-formatter";
import type { PartyAddress } from "./parties";

export function addressLines(address: PartyAddress): string[] {
  const formatted = addressFormatter.format(
    {
      road: address.line1,
      city: address.city,
      ...(address.region ? { state: address.region } : {}),
      ...(address.postalCode ? { postcode: address.postalCode } : {}),
      countryCode: address.country,
    },
    { output: "array", appendCountry: true },
  );
  const lines: string[] = [address.name];
  if (address.company) lines.push(address.company);
  for (const line of formatted) {
    lines.push(line);
    if (address.line2 && line.includes(address.line1)) lines.push(address.line2);
  }
  if (address.line2 && !lines.includes(address.line2)) lines.splice(address.company ? 3 : 2, 0, address.line2);
  return lines;
}
