/** How the shipping regions of the contract (US, EU, INTL) are named on screen. */
const REGION_NAMES: Record<string, string> = {
  US: "United States",
  EU: "European Union",
  INTL: "International",
};

export const regionLabel = (region: string): string => `${REGION_NAMES[region] ?? region} (${region})`;
