"use client";
/**
 * The step between "Place order" and an order: what will be placed, as the server priced it
 * (country, weight, total), and a button that places exactly that. The reviewed values go back with
 * the confirmation; the server places the order only if they still match the form and the price
 * (app/shipping/actions.ts).
 */
import { useEffect, useRef } from "react";
import { formatMoney, formatWeight } from "@/app/_components/format";
import { SubmitButton } from "@/app/_components/submit-button";
import { type OrderReview as Review, REVIEW_FIELDS } from "./review";

interface Props {
  review: Review;
  /** The destination's name (the country list is the server's; this component only shows it). */
  countryName: string;
  pending: boolean;
  onChange(): void;
}

export function OrderReview({ review, countryName, pending, onChange }: Props) {
  const heading = useRef<HTMLHeadingElement>(null);
  // Screen-reader and keyboard users land on what to check, not on a button further down.
  useEffect(() => heading.current?.focus(), [review]);
  return (
    <section className="hint-box order-review" aria-labelledby="order-review-heading" data-testid="order-review">
      <h2 id="order-review-heading" ref={heading} tabIndex={-1}>
        Check your order
      </h2>
      <dl className="quote-lines">
        <div>
          <dt>Destination</dt>
          <dd data-testid="review-destination">{`${countryName} (${review.destination})`}</dd>
        </div>
        <div>
          <dt>Weight</dt>
          <dd data-testid="review-weight">{formatWeight(review.weightKg)}</dd>
        </div>
        <div>
          <dt>Total</dt>
          <dd data-testid="review-total">{formatMoney(review.totalCents, review.currency)}</dd>
        </div>
      </dl>
      <input type="hidden" name={REVIEW_FIELDS.destination} value={review.destination} />
      <input type="hidden" name={REVIEW_FIELDS.weightGrams} value={review.weightGrams} />
      <input type="hidden" name={REVIEW_FIELDS.totalCents} value={review.totalCents} />
      <div className="actions">
        <SubmitButton pending={pending} pendingLabel="Placing order…">
          Confirm and place order
        </SubmitButton>
        <button type="button" className="button secondary" onClick={onChange} disabled={pending}>
          Change
        </button>
      </div>
    </section>
  );
}
