/**
 * The review step of placing an order (issue 31: Enter placed an order for a country the field no
 * longer named). The server prices the form and answers with a review instead of an order; the
 * review's values come back as the `$reviewed...` fields with the confirmation, and the order is
 * placed only when they still match the form and the server's price. Anything else, a price that
 * changed meanwhile included, is reviewed again. Shared by the server action and the form.
 */
import type { FormState } from "@/lib/forms/action";

/** What the review step shows: priced by the server, as the order will be. */
export interface OrderReview {
  destination: string;
  weightGrams: number;
  weightKg: number;
  totalCents: number;
  currency: string;
}

export type PlaceOrderState = FormState & { review?: OrderReview };

/** The form fields that carry the reviewed values back (`$` fields are not part of the order's schema). */
export const REVIEW_FIELDS = { destination: "$reviewedDestination", weightGrams: "$reviewedWeightGrams", totalCents: "$reviewedTotalCents" } as const;

/** Whether the confirmation names exactly what the server would place now. */
export function reviewConfirmed(formData: FormData, review: OrderReview): boolean {
  return (
    formData.get(REVIEW_FIELDS.destination) === review.destination &&
    formData.get(REVIEW_FIELDS.weightGrams) === String(review.weightGrams) &&
    formData.get(REVIEW_FIELDS.totalCents) === String(review.totalCents)
  );
}
