import type { Metadata } from "next";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { requireCaller } from "@/lib/auth/sessions/current-user";
import { NotFound, Unavailable } from "@/lib/errors";
import { pageIdParam } from "@/lib/http/params";
import { getOrder, missingForPayment } from "@/lib/orders/orders";
import { paymentProvider } from "@/lib/payments/provider";
import { startPayment } from "@/lib/payments/payments";
import { formatMoney } from "@/app/_components/format";
import { StripePaymentForm } from "./stripe-payment-form";
import { TestCardForm } from "./test-card-form";

export const metadata: Metadata = { title: "Pay" };

export default async function PayPage({ params }: PageProps<"/orders/[id]/pay">) {
  const { id } = await params;
  const caller = await requireCaller(`/orders/${encodeURIComponent(id)}/pay`);
  const order = await getOrder(caller.user, pageIdParam(id)).catch((error) => {
    if (error instanceof NotFound) notFound();
    throw error;
  });
  // Paid, cancelled or shipped: nothing to pay; the order page says why.
  if (order.status !== "placed") redirect(`/orders/${order.id}`);
  const amount = formatMoney(order.totalCents, order.currency);
  const missing = missingForPayment(order);
  if (missing.length > 0) {
    // Not payable yet (startPayment would refuse it, 409): say what is missing and where to add it,
    // instead of a card form that could only fail.
    return (
      <PayPageFrame orderId={order.id} amount={amount}>
        <div className="hint-box" role="status" data-testid="payment-missing">
          <p>
            This order cannot be paid yet: it needs {missing.map((part) => `the ${part}'s address`).join(" and ")}. A carrier cannot
            take a parcel without both.
          </p>
          <p>
            <Link className="button" href={`/orders/${order.id}#edit-shipment`} data-testid="complete-shipment-link">
              Add the shipment details
            </Link>
          </p>
        </div>
      </PayPageFrame>
    );
  }
  const provider = paymentProvider();

  let stripe: { clientSecret: string; publishableKey: string } | null = null;
  let unavailable = false;
  if (provider === "stripe") {
    // The PaymentIntent (or the open one: a second tab gets the same) that the Payment Element confirms.
    const payment = await startPayment(caller.user.id, order.id).catch((error) => {
      if (error instanceof Unavailable) return null;
      throw error;
    });
    if (payment?.clientSecret && payment.publishableKey) stripe = { clientSecret: payment.clientSecret, publishableKey: payment.publishableKey };
    else unavailable = true;
  }
  return (
    <PayPageFrame orderId={order.id} amount={amount}>
      {provider === "test" ? (
        <TestCardForm orderId={order.id} amount={amount} />
      ) : stripe ? (
        <StripePaymentForm orderId={order.id} amount={amount} {...stripe} />
      ) : unavailable ? (
        <p className="form-message" role="alert" data-testid="payment-message">
          The payment service cannot be reached right now. Nothing was charged; try again shortly.
        </p>
      ) : null}
    </PayPageFrame>
  );
}

/** The page around what it offers (the missing details or the payment form): the way back, the title, the total. */
function PayPageFrame({ orderId, amount, children }: { orderId: number; amount: string; children: React.ReactNode }) {
  return (
    <main className="narrow">
      <p>
        <Link href={`/orders/${orderId}`}>← Order #{orderId}</Link>
      </p>
      <h1>Pay order #{orderId}</h1>
      <p data-testid="pay-amount">
        Total: <strong>{amount}</strong>
      </p>
      {children}
    </main>
  );
}
