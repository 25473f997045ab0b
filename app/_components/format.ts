/**
 * Display formats for money, weights and times. Times are written out by hand in UTC: this is the
 * form the server renders, the same in every browser (LocalTime swaps in the reader's own after
 * hydration). Money is lib/shipping/money.ts, shared with the e-mails.
 */

export { formatMoney } from "@/lib/shipping/money";

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
