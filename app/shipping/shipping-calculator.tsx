"use client";

import Link from "next/link";
import { type FormEvent, startTransition, useActionState, useRef, useState } from "react";
import { ApiError } from "@/app/_components/api";
import type { CountryOption } from "@/app/_components/countries";
import { Field } from "@/app/_components/field";
import { FormMessage, formLevelMessage } from "@/app/_components/form-message";
import { SubmitButton } from "@/app/_components/submit-button";
import { useFocusFirstError } from "@/app/_components/use-focus-first-error";
import { placeOrder } from "./actions";
import { DestinationPicker } from "./destination-picker";
import { OrderReview } from "./order-review";
import { QuoteBreakdown } from "./quote-breakdown";
import type { PlaceOrderState } from "./review";
import { useQuote } from "./use-quote";

interface Props {
  countries: readonly CountryOption[];
  commonDestinations: readonly string[];
  signedIn: boolean;
  initialWeight: string;
  initialDestination: string;
}

/**
 * The quote updates as the weight and destination are typed; a signed-in user places the order from
 * the same form (a server action, which prices it again on the server) in two steps: "Place order"
 * shows what will be placed, as the server priced it, and "Confirm and place order" places it.
 */
export function ShippingCalculator({ countries, commonDestinations, signedIn, initialWeight, initialDestination }: Props) {
  const [weight, setWeight] = useState(initialWeight);
  const [destination, setDestination] = useState(initialDestination);
  // Errors from the last submit describe what was submitted; once the input changes, the live quote speaks.
  const [editedSinceSubmit, setEditedSinceSubmit] = useState(false);
  // The action answers a first submit with a review (./review.ts), and places the order on its confirmation.
  const [state, action, pending] = useActionState<PlaceOrderState, FormData>(placeOrder as (state: PlaceOrderState, data: FormData) => Promise<PlaceOrderState>, {});
  const form = useRef<HTMLFormElement>(null);
  useFocusFirstError(form, state);

  const quote = useQuote(weight, destination);
  const quoteError = quote.typingError ?? (quote.complete && quote.error instanceof ApiError ? quote.error : null);
  const shown = quote.complete && !quote.isError ? quote.data : undefined;
  const submitted = editedSinceSubmit ? undefined : state.fields;
  // What the server priced for the form as it is; any edit takes it away (it no longer applies).
  const review = editedSinceSubmit ? undefined : state.review;
  const fieldErrors = (name: string) => submitted?.[name] ?? (quote.settling ? undefined : quoteError?.fields[name]);

  // The panel says what stands between the input and a price: first which field is wrong (after a
  // submit too, when nothing could be priced; the field itself says why, so the reason is not
  // repeated here), then what is missing.
  let note = "Enter a weight and choose a destination to see the price.";
  if (fieldErrors("weightKg")) {
    note = "Correct the weight above to see the price.";
  } else if (fieldErrors("destination")) {
    note = "Correct the destination above to see the price.";
  } else if (quote.isError && quote.complete) {
    note = quoteError && Object.keys(quoteError.fields).length > 0 ? "Correct the highlighted field to see the price." : (quoteError?.message ?? "The price cannot be shown right now. Try again in a moment.");
  } else if (quote.complete && !shown) {
    note = "Working out the price…";
  } else if (weight.trim() !== "" && destination === "") {
    note = "Choose a destination to see the price.";
  } else if (weight.trim() === "" && destination !== "") {
    note = "Enter a weight to see the price.";
  }

  function edited() {
    setEditedSinceSubmit(true);
  }

  // Submitted by hand rather than through <form action>, which would reset the controlled fields.
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    setEditedSinceSubmit(false);
    startTransition(() => action(data));
  }

  const signInHref = `/signin?callbackUrl=${encodeURIComponent(`/shipping?weight=${encodeURIComponent(weight)}&to=${encodeURIComponent(destination)}`)}`;

  return (
    // Reading order: what to ship, its price, then the order; on wide screens the price sits beside both.
    <form ref={form} onSubmit={submit} noValidate className="calculator" aria-label="Shipment">
      <div className="calculator-inputs">
        <FormMessage message={editedSinceSubmit ? undefined : formLevelMessage(state, ["weightKg", "destination", "reference"])} testId="order-message" />
        <Field
          name="weightKg"
          label="Weight (kg)"
          inputMode="decimal"
          autoComplete="off"
          hint="More than 0 and at most 1000 kg, to the gram (3 decimals)."
          value={weight}
          onChange={(event) => {
            setWeight(event.target.value);
            edited();
          }}
          errors={fieldErrors("weightKg")}
        />
        <DestinationPicker
          name="destination"
          label="Destination"
          countries={countries}
          common={commonDestinations}
          value={destination}
          onChange={(code) => {
            setDestination(code);
            edited();
          }}
          errors={fieldErrors("destination")}
        />
      </div>
      <QuoteBreakdown quote={shown} updating={quote.settling || quote.isFetching} note={note} />
      <div className="calculator-order">
        {signedIn ? (
          <>
            <Field
              name="reference"
              label="Your reference (optional)"
              autoComplete="off"
              maxLength={100}
              hint="Your own identifier for this order. Placing an order twice with one reference places it once."
              defaultValue={state.values?.reference}
              errors={submitted?.reference}
            />
            {review ? (
              <OrderReview
                review={review}
                countryName={countries.find((country) => country.code === review.destination)?.name ?? review.destination}
                pending={pending}
                onChange={edited}
              />
            ) : (
              <SubmitButton pending={pending} pendingLabel="Checking…">
                Place order
              </SubmitButton>
            )}
          </>
        ) : (
          <p className="hint-box">
            <Link href={signInHref}>Sign in</Link> to place this order and see your loyalty discount.
          </p>
        )}
      </div>
    </form>
  );
}
