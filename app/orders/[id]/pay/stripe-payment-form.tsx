"use client";

import { loadStripe, type Stripe, type StripeElements } from "@stripe/stripe-js";
import { useEffect, useRef, useState } from "react";

/**
 * Stripe's Payment Element: the card (and whatever else the Stripe account offers) is entered in
 * Stripe's own frame, loaded from js.stripe.com as Stripe requires; the page's CSP allows exactly
 * Stripe's origins (proxy.ts). The order becomes paid when Stripe's webhook reports the success,
 * so after confirming, the order page shows "processing" until it arrives.
 */
export function StripePaymentForm({ orderId, clientSecret, publishableKey, amount }: { orderId: number; clientSecret: string; publishableKey: string; amount: string }) {
  const mountRef = useRef<HTMLDivElement>(null);
  const [ready, setReady] = useState<{ stripe: Stripe; elements: StripeElements } | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  useEffect(() => {
    let cancelled = false;
    let unmount: (() => void) | undefined;
    loadStripe(publishableKey)
      .then((stripe) => {
        if (cancelled || !stripe || !mountRef.current) return;
        const elements = stripe.elements({ clientSecret });
        const element = elements.create("payment");
        element.mount(mountRef.current);
        unmount = () => element.destroy();
        setReady({ stripe, elements });
      })
      .catch(() => setMessage("The payment form could not be loaded. Check your connection and reload the page."));
    return () => {
      cancelled = true;
      unmount?.();
    };
  }, [clientSecret, publishableKey]);

  async function pay(event: React.FormEvent) {
    event.preventDefault();
    if (!ready) return;
    setPending(true);
    setMessage(null);
    const { error } = await ready.stripe.confirmPayment({
      elements: ready.elements,
      confirmParams: { return_url: `${window.location.origin}/orders/${orderId}?paid=1` },
    });
    // Only reached when the payment could not be confirmed (otherwise Stripe redirects).
    setMessage(error?.message ?? "The payment did not go through. Try again.");
    setPending(false);
  }

  return (
    <form onSubmit={pay} className="form" data-testid="stripe-payment-form">
      {message ? (
        <p className="form-message" role="alert" data-testid="payment-message">
          {message}
        </p>
      ) : null}
      <div ref={mountRef} />
      <button type="submit" className="button" disabled={!ready || pending}>
        {pending ? "Paying…" : `Pay ${amount}`}
      </button>
    </form>
  );
}
