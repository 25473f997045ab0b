/**
 * Money on screen and in e-mails: integer minor units (the API's `...Cents`) with the currency's own
 * symbol and decimals, through Intl. The locale is fixed to en-US, not the reader's: the string is
 * rendered on the server and again in the browser and must be the same both times (no hydration
 * mismatch), and "$6.30" is the form the contract and the e-mails use. en-US currency output for the
 * common symbols ($, €, £, ¥) is stable across ICU versions, unlike locale-dependent spacing.
 */

const FORMATS = new Map<string, Intl.NumberFormat>();

function formatFor(currency: string): Intl.NumberFormat {
  let format = FORMATS.get(currency);
  if (!format) {
    format = new Intl.NumberFormat("en-US", { style: "currency", currency, currencyDisplay: "symbol" });
    FORMATS.set(currency, format);
  }
  return format;
}

/**
 * 630, "USD" -> "$6.30"; 630, "EUR" -> "€6.30"; 630, "JPY" -> "¥630" (the yen has no minor unit, so
 * its amounts are whole yen). A negative amount (a discount) takes a true minus sign, "−$0.63".
 */
export function formatMoney(minorUnits: number, currency: string): string {
  const format = formatFor(currency);
  // The currency's own number of decimals (ISO 4217's minor unit: 2 for USD, 0 for JPY, 3 for BHD).
  const decimals = format.resolvedOptions().maximumFractionDigits ?? 2;
  const amount = format.format(Math.abs(minorUnits) / 10 ** decimals);
  return minorUnits < 0 ? `−${amount}` : amount;
}
