/**
 * Display formats for money, weights and times. Written out by hand rather than with Intl, because
 * these strings are rendered on the server and again in the browser, and the two ICU versions may
 * disagree on spacing or symbols (a hydration mismatch); the contract's currency is USD only.
 */

const SYMBOLS: Record<string, string> = { USD: "$" };

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** 630, "USD" -> "$6.30"; other currencies as "6.30 EUR". */
export function formatMoney(cents: number, currency: string): string {
  const sign = cents < 0 ? "−" : "";
  const abs = Math.abs(cents);
  const amount = `${groupThousands(String(Math.floor(abs / 100)))}.${String(abs % 100).padStart(2, "0")}`;
  const symbol = SYMBOLS[currency];
  return symbol ? `${sign}${symbol}${amount}` : `${sign}${amount} ${currency}`;
}

export function formatWeight(kg: number): string {
  return `${kg} kg`;
}

/** "2026-11-24T10:30:00.000Z" -> "2026-11-24 10:30 UTC". */
export function formatTime(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

export function formatDate(iso: string): string {
  return iso.slice(0, 10);
}
