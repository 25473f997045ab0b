import Link from "next/link";
import { formatMoney } from "@/app/_components/format";
import { LocalTime } from "@/app/_components/local-time";
import type { OrderDto } from "@/lib/orders/dto";

const PAYMENT_STATUS_LABELS = { pending: "Waiting for payment", succeeded: "Paid", failed: "Failed", refunded: "Refunded" } as const;
const PROVIDER_LABELS = { stripe: "Card (Stripe)", test: "Test card", manual: "Paid by arrangement" } as const;

/** The order's payment: the "Pay" button while it is placed, the status, and the receipt once paid. */
export function OrderPayment({ order }: { order: OrderDto }) {
  const payment = order.payment;
  return (
    <section aria-labelledby="payment-heading" data-testid="order-payment">
      <h2 id="payment-heading">Payment</h2>
      {payment ? (
        <dl className="facts">
          <div>
            <dt>Status</dt>
            <dd data-testid="payment-status">{PAYMENT_STATUS_LABELS[payment.status]}</dd>
          </div>
          {payment.failureReason && payment.status === "failed" ? (
            <div>
              <dt>Why</dt>
              <dd data-testid="payment-failure">{payment.failureReason}</dd>
            </div>
          ) : null}
        </dl>
      ) : (
        <p className="muted" data-testid="payment-status">
          Not paid yet.
        </p>
      )}
      {payment?.paidAt ? (
        <div className="receipt" data-testid="receipt">
          <h3>Receipt</h3>
          <dl className="facts">
            <div>
              <dt>Amount</dt>
              <dd data-testid="receipt-amount">{formatMoney(payment.amountCents, payment.currency)}</dd>
            </div>
            <div>
              <dt>Paid with</dt>
              <dd data-testid="receipt-card">
                {payment.card ? `${payment.card.brand} ending in ${payment.card.last4}` : PROVIDER_LABELS[payment.provider]}
              </dd>
            </div>
            <div>
              <dt>Date</dt>
              <dd data-testid="receipt-date">
                <LocalTime iso={payment.paidAt} />
              </dd>
            </div>
            {payment.refundedAt ? (
              <div>
                <dt>Refunded</dt>
                <dd data-testid="receipt-refunded">
                  <LocalTime iso={payment.refundedAt} />
                </dd>
              </div>
            ) : null}
          </dl>
        </div>
      ) : null}
      {order.status === "placed" ? (
        <p>
          <Link href={`/orders/${order.id}/pay`} className="button" data-testid="pay-link">
            Pay {formatMoney(order.totalCents, order.currency)}
          </Link>
        </p>
      ) : null}
    </section>
  );
}
