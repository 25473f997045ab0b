"use client";

import { useActionState, useRef } from "react";
import type { CountryOption } from "@/app/_components/countries";
import { FormMessage, formLevelMessage } from "@/app/_components/form-message";
import { SubmitButton } from "@/app/_components/submit-button";
import { useFocusFirstError } from "@/app/_components/use-focus-first-error";
import { useKeptFormAction } from "@/app/_components/use-kept-form-action";
import { OrderDetails } from "@/app/shipping/order-details";
import { formFieldErrors, RECIPIENT_FIELDS, SENDER_FIELDS } from "@/app/shipping/order-fields";
import type { AddressBookItem } from "@/lib/addresses/book";
import type { FormState } from "@/lib/forms/action";
import type { OrderDto } from "@/lib/orders/dto";
import type { RateTable } from "@/lib/shipping/pricing";
import { editShipment } from "./actions";

interface Props {
  order: OrderDto;
  destinationName: string;
  addresses: readonly AddressBookItem[];
  /** The rate table that priced the order: its zones decide whether customs needs the contents. */
  rates: RateTable;
  countries: readonly CountryOption[];
  /** Open at first: the order cannot be paid yet. */
  open: boolean;
}

/** The fields this form shows (the recipient's country is the order's destination); others go to the banner. */
const SHOWN_FIELDS = [
  "destination",
  "sender.addressId",
  "contents.description",
  "contents.value",
  ...RECIPIENT_FIELDS.map((field) => `recipient.${field}`),
  ...SENDER_FIELDS.map((field) => `sender.${field}`),
];

/** The order's current details as the form's inputs, so that editing starts from them. */
function currentValues(order: OrderDto): Record<string, string> {
  const values: Record<string, string> = {};
  for (const field of RECIPIENT_FIELDS) {
    const value = order.recipient?.[field];
    if (value) values[`recipient.${field}`] = value;
  }
  // The order's sender is its own copy, not an address-book entry: "" keeps it.
  if (order.sender) values["sender.addressId"] = "";
  if (order.contents) {
    values["contents.description"] = order.contents.description;
    values["contents.value"] = (order.contents.valueCents / 100).toFixed(2);
  }
  return values;
}

/**
 * "Edit shipment details" of a placed order (an old client's order, or one placed on the web without
 * a recipient or sender, cannot be paid until it has both): the order form's own OrderDetails, saved
 * through PATCH /api/v1/orders/{id}'s rules (./actions.ts editShipment). What was typed stays after
 * an error, each error next to its field.
 */
export function EditShipment({ order, destinationName, addresses, rates, countries, open }: Props) {
  const [state, action, pending] = useActionState<FormState, FormData>(editShipment, {});
  const form = useRef<HTMLFormElement>(null);
  useFocusFirstError(form, state);
  const submit = useKeptFormAction(form, action, state);
  const fields = formFieldErrors(state.fields);
  // "Send recipient, sender or contents." belongs to no field: it is the form's message.
  const message = fields?._?.[0] ?? formLevelMessage({ ...state, fields }, SHOWN_FIELDS);
  const keepSender = order.sender ? `Keep the current sender: ${order.sender.name}, ${order.sender.city}` : "Choose a sender";
  return (
    <details className="edit-shipment" id="edit-shipment" open={open || state.values !== undefined} data-testid="edit-shipment">
      <summary>Edit shipment details</summary>
      <form ref={form} action={action} onSubmit={submit} noValidate className="form" data-testid="edit-shipment-form">
        <FormMessage message={message} testId="edit-shipment-message" />
        <input type="hidden" name="$orderId" value={order.id} />
        <input type="hidden" name="destination" value={order.destination} />
        <p className="hint" data-testid="edit-shipment-destination">
          The recipient must be in {destinationName} ({order.destination}): the order was priced for it.
        </p>
        {fields?.destination ? (
          <p className="field-error" data-testid="destination-error">
            {fields.destination[0]}
          </p>
        ) : null}
        <OrderDetails
          testId="edit-shipment-fields"
          addresses={addresses}
          rates={rates}
          destination={order.destination}
          // Choosing a recipient from the book does not move the order: another country is refused on save.
          onChooseRecipient={() => undefined}
          errors={(name) => fields?.[name]}
          values={state.values ?? currentValues(order)}
          countries={countries}
          noSenderLabel={keepSender}
        />
        <SubmitButton pending={pending} pendingLabel="Saving…">
          Save shipment details
        </SubmitButton>
      </form>
    </details>
  );
}
