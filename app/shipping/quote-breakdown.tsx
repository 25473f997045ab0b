import { formatMoney, formatWeight } from "@/app/_components/format";
import { regionLabel } from "@/app/_components/regions";
import type { Quote } from "@/lib/shipping/pricing";

interface Props {
  quote: Quote | undefined;
  /** A newer quote is on its way: the one shown is about to change. */
  updating: boolean;
  /** Shown instead of numbers when there is nothing to price yet, or the input cannot be priced. */
  note: string;
}

/**
 * The price, line by line. Every row is always there, with a placeholder until there is a quote, so
 * the page does not move when one arrives.
 */
export function QuoteBreakdown({ quote, updating, note }: Props) {
  const rows: [string, string, string][] = [
    ["Region", "region", quote ? regionLabel(quote.region) : "—"],
    ["Rate", "rate", quote ? `${formatMoney(quote.ratePerKgCents, quote.currency)} per kg` : "—"],
    ["Actual weight", "weight", quote ? formatWeight(quote.weightKg) : "—"],
    ["Volumetric weight", "volumetric", quote ? (quote.volumetricWeightKg === null ? "No dimensions" : formatWeight(quote.volumetricWeightKg)) : "—"],
    ["Chargeable weight", "chargeable", quote ? formatWeight(quote.chargeableWeightKg) : "—"],
    ["Subtotal", "subtotal", quote ? formatMoney(quote.subtotalCents, quote.currency) : "—"],
    ["Discount", "discount", quote ? (quote.discountCents > 0 ? formatMoney(-quote.discountCents, quote.currency) : "None") : "—"],
  ];
  return (
    <section className="quote" aria-labelledby="quote-heading" aria-busy={updating} data-testid="quote">
      <h2 id="quote-heading">Your quote</h2>
      <dl className={updating ? "quote-lines updating" : "quote-lines"}>
        {rows.map(([label, key, value]) => (
          <div key={key}>
            <dt>{label}</dt>
            <dd data-testid={`quote-${key}`}>{value}</dd>
          </div>
        ))}
        <div className="quote-total">
          <dt>Total</dt>
          <dd data-testid="quote-total">{quote ? formatMoney(quote.totalCents, quote.currency) : "—"}</dd>
        </div>
      </dl>
      <p className="quote-note" data-testid="quote-note">
        {quote ? (quote.discountReason ?? "") : note}
      </p>
      <p className="visually-hidden" role="status">
        {quote && !updating ? `Total ${formatMoney(quote.totalCents, quote.currency)}` : ""}
      </p>
    </section>
  );
}
