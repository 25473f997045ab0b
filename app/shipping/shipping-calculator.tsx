"use client";

import Link from "next/link";
import { type FormEvent, startTransition, useActionState, useRef, useState } from "react";
import { ApiError } from "@/app/_components/api";
import type { CountryOption } from "@/app/_components/countries";
import { Field } from "@/app/_components/field";
import { FormMessage, formLevelMessage } from "@/app/_components/form-message";
import { SubmitButton } from "@/app/_components/submit-button";
import { useFocusFirstError } from "@/app/_components/use-focus-first-error";
import type { AddressBookItem } from "@/lib/addresses/book";
import type { RateTable } from "@/lib/shipping/pricing";
import { placeOrder } from "./actions";
import { OrderDetails } from "./order-details";
import { formFieldErrors } from "./order-fields";
import { DestinationPicker } from "./destination-picker";
import { OrderReview } from "./order-review";
import { QuoteBreakdown } from "./quote-breakdown";
import type { PlaceOrderState } from "./review";
import { type TypedDimensions, useQuote } from "./use-quote";

interface Props {
  countries: readonly CountryOption[];
  commonDestinations: readonly string[];
  signedIn: boolean;
  initialWeight: string;
  initialDestination: string;
  /** The signed-in user's address book, and the rate table in force (for the customs rule). */
  addresses: readonly AddressBookItem[];
  rates: RateTable;
}

/** The fields this form shows; an error on any other one is shown as the form's message. */
const SHOWN_FIELDS = [
  "weightKg",
  "lengthCm",
  "widthCm",
  "heightCm",
  "destination",
  "reference",
  "sender.addressId",
  "contents.description",
  "contents.value",
  ...["name", "company", "line1", "line2", "city", "region", "postalCode", "phone", "email"].map((field) => `recipient.${field}`),
];

/**
 * The quote updates as the weight and destination are typed; a signed-in user places the order from
 * the same form (a server action, which prices it again on the server) in two steps: "Place order"
 * shows what will be placed, as the server priced it, and "Confirm and place order" places it.
 */
export function ShippingCalculator({ countries, commonDestinations, signedIn, initialWeight, initialDestination, addresses, rates }: Props) {
  const [weight, setWeight] = useState(initialWeight);
  const [dimensions, setDimensions] = useState<TypedDimensions>({ lengthCm: "", widthCm: "", heightCm: "" });
  const [destination, setDestination] = useState(initialDestination);
  // Errors from the last submit describe what was submitted; once the input changes, the live quote speaks.
  const [editedSinceSubmit, setEditedSinceSubmit] = useState(false);
  // The action answers a first submit with a review (./review.ts), and places the order on its confirmation.
  const [state, action, pending] = useActionState<PlaceOrderState, FormData>(placeOrder as (state: PlaceOrderState, data: FormData) => Promise<PlaceOrderState>, {});
  const form = useRef<HTMLFormElement>(null);
  useFocusFirstError(form, state);

  const quote = useQuote(weight, destination, dimensions);
  const quoteError = quote.typingError ?? (quote.complete && quote.error instanceof ApiError ? quote.error : null);
  const shown = quote.complete && !quote.isError ? quote.data : undefined;
  // The API names fields after the body it got (parcel.lengthCm); the form after its inputs.
  const submitted = editedSinceSubmit ? undefined : formFieldErrors(state.fields);
  const live = formFieldErrors(quoteError?.fields);
  const fieldErrors = (name: string) => submitted?.[name] ?? (quote.settling ? undefined : live?.[name]);
  // What the server priced for the form as it is; any edit takes it away (it no longer applies).
  const review = editedSinceSubmit ? undefined : state.review;
  // The order's own fields (recipient, sender, contents) speak only after a submit.
  const orderErrors = (name: string) => (state.values ? formFieldErrors(state.fields)?.[name] : undefined);

  // The panel says what stands between the input and a price: first which field is wrong (after a
  // submit too, when nothing could be priced; the field itself says why, so the reason is not
  // repeated here), then what is missing.
  let note = "Enter a weight and choose a destination to see the price.";
  if (fieldErrors("weightKg")) {
    note = "Correct the weight above to see the price.";
  } else if (fieldErrors("lengthCm") || fieldErrors("widthCm") || fieldErrors("heightCm")) {
    note = "Correct the dimensions above to see the price.";
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
        <FormMessage
          message={editedSinceSubmit ? undefined : formLevelMessage({ ...state, fields: formFieldErrors(state.fields) }, SHOWN_FIELDS)}
          testId="order-message"
        />
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
        <fieldset className="dimensions-fieldset">
          <legend>Dimensions (cm, optional)</legend>
          <p className="hint">Length, width and height: a large, light parcel is charged by its volume (l x w x h / {rates.volumetricDivisor} kg).</p>
          <div className="dimensions">
            {(
              [
                ["lengthCm", "Length"],
                ["widthCm", "Width"],
                ["heightCm", "Height"],
              ] as const
            ).map(([name, label]) => (
              <Field
                key={name}
                name={name}
                label={label}
                inputMode="decimal"
                autoComplete="off"
                value={dimensions[name]}
                onChange={(event) => {
                  const value = event.target.value;
                  setDimensions((current) => ({ ...current, [name]: value }));
                  edited();
                }}
                errors={fieldErrors(name)}
              />
            ))}
          </div>
        </fieldset>
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
            <OrderDetails
              addresses={addresses}
              rates={rates}
              destination={destination}
              onChooseRecipient={(country) => {
                setDestination(country);
                edited();
              }}
              errors={orderErrors}
              values={state.values}
            />
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
