/** What the destination picker lists for what is typed: pure, so the ranking is unit-tested. */
import type { CountryOption } from "@/app/_components/countries";

export interface DestinationEntry {
  country: CountryOption;
  /** Unique per listing: a common country is listed twice when nothing is typed. */
  key: string;
  group: "common" | "all" | "match";
}

export const fold = (text: string) => text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();

/**
 * What the list shows for what is typed. Nothing typed (or the chosen country's own name): the common
 * destinations, then every country. Otherwise the countries whose name or code matches, best first:
 * the exact code ("de"), then names that start with the text, then names with a word that does, then
 * names that contain it; common destinations first within each.
 */
export function entriesFor(query: string, countries: readonly CountryOption[], common: readonly string[], selected?: CountryOption): DestinationEntry[] {
  const typed = fold(query.trim());
  if (typed === "" || (selected && typed === fold(selected.name))) {
    const byCode = new Map(countries.map((country) => [country.code, country]));
    const first = common.flatMap((code) => {
      const country = byCode.get(code);
      return country ? [{ country, key: `common-${code}`, group: "common" as const }] : [];
    });
    return [...first, ...countries.map((country) => ({ country, key: country.code, group: "all" as const }))];
  }
  const rank = (country: CountryOption): number => {
    const name = fold(country.name);
    if (fold(country.code) === typed) return 0;
    if (name.startsWith(typed)) return 1;
    if (name.split(/[\s(),-]+/).some((word) => word.startsWith(typed))) return 2;
    return name.includes(typed) ? 3 : -1;
  };
  const commonRank = (code: string) => (common.includes(code) ? common.indexOf(code) : common.length);
  return countries
    .map((country) => ({ country, rank: rank(country) }))
    .filter((match) => match.rank >= 0)
    .sort((a, b) => a.rank - b.rank || commonRank(a.country.code) - commonRank(b.country.code))
    .map(({ country }) => ({ country, key: country.code, group: "match" as const }));
}
