"use client";

import Link from "next/link";
import { useState } from "react";
import { Field } from "@/app/_components/field";
import { SelectField } from "@/app/_components/select-field";
import type { AddressBookItem } from "@/lib/addresses/book";
import type { Address } from "@/lib/addresses/schemas";
import { isCountryCode } from "@/lib/shipping/countries";
import { type RateTable, zoneFor } from "@/lib/shipping/pricing";
import { RECIPIENT_FIELDS, type RecipientField } from "./order-fields";

interface Props {
  addresses: readonly AddressBookItem[];
  rates: RateTable;
  destination: string;
  onChooseRecipient: (country: string) => void;
  errors: (name: string) => string[] | undefined;
  values: Record<string, string> | undefined;
}

const LABELS: Record<RecipientField, [string, Record<string, unknown>]> = {
  name: ["Recipient's name", { autoComplete: "shipping name", maxLength: 100 }],
  company: ["Company (optional)", { autoComplete: "shipping organization", maxLength: 100 }],
  line1: ["Street address", { autoComplete: "shipping address-line1", maxLength: 100 }],
  line2: ["Address line 2 (optional)", { autoComplete: "shipping address-line2", maxLength: 100 }],
  city: ["City", { autoComplete: "shipping address-level2", maxLength: 100 }],
  region: ["State, province or region (optional)", { autoComplete: "shipping address-level1", maxLength: 100 }],
  postalCode: ["Postal code", { autoComplete: "shipping postal-code", maxLength: 20 }],
  phone: ["Recipient's phone (optional)", { type: "tel", autoComplete: "shipping tel", maxLength: 40 }],
  email: ["Recipient's e-mail (optional)", { type: "email", maxLength: 100, hint: "For the tracking link." }],
};

/**
 * Who the parcel goes to and from, and what is in it. The recipient is entered or chosen from the
 * address book (its country is the destination above); the sender is picked from the address book;
 * contents and declared value are asked only when customs needs them: when the destination's zone
 * differs from the sender's country's zone in the rate table in force (the rule lib/orders applies).
 */
export function OrderDetails({ addresses, rates, destination, onChooseRecipient, errors, values }: Props) {
  const defaultSender = addresses.find((item) => item.isDefaultSender);
  const [senderId, setSenderId] = useState(values?.["sender.addressId"] ?? (defaultSender ? String(defaultSender.id) : ""));
  const [chosen, setChosen] = useState<Address | null>(null);
  const [fill, setFill] = useState(0);
  const sender = addresses.find((item) => String(item.id) === senderId)?.address;
  const customs =
    sender !== undefined && isCountryCode(destination) && isCountryCode(sender.country)
      ? zoneFor(rates, destination).code !== zoneFor(rates, sender.country).code
      : false;
  // What was typed wins (after an error), then a chosen address.
  const initial = (field: RecipientField) => (fill === 0 ? values?.[`recipient.${field}`] : undefined) ?? chosen?.[field] ?? "";

  return (
    <div className="shipment-details" data-testid="order-details">
      <fieldset key={fill}>
        <legend>Recipient</legend>
        <p className="hint">The destination above is the recipient&apos;s country. Needed before the order can be paid.</p>
        {addresses.length > 0 ? (
          <div className="field">
            <label htmlFor="recipient-from-book">From your address book</label>
            <select
              id="recipient-from-book"
              defaultValue=""
              onChange={(event) => {
                const item = addresses.find((entry) => String(entry.id) === event.target.value);
                if (!item) return;
                setChosen(item.address);
                setFill((n) => n + 1);
                onChooseRecipient(item.address.country);
              }}
            >
              <option value="">Enter a new recipient</option>
              {addresses.map((item) => (
                <option key={item.id} value={item.id}>
                  {item.label ? `${item.label}: ` : ""}
                  {item.address.name}, {item.address.city}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        {RECIPIENT_FIELDS.map((field) => {
          const [label, extra] = LABELS[field];
          return (
            <Field
              key={field}
              id={`recipient-${field}`}
              name={`recipient.${field}`}
              label={label}
              defaultValue={initial(field)}
              errors={errors(`recipient.${field}`)}
              {...extra}
            />
          );
        })}
      </fieldset>
      <fieldset>
        <legend>Sender</legend>
        {addresses.length > 0 ? (
          <SelectField
            id="sender-address"
            name="sender.addressId"
            label="Send from"
            value={senderId}
            onChange={(event) => setSenderId(event.target.value)}
            errors={errors("sender.addressId")}
          >
            <option value="">Choose later</option>
            {addresses.map((item) => (
              <option key={item.id} value={item.id}>
                {item.label ? `${item.label}: ` : ""}
                {item.address.name}, {item.address.city}
              </option>
            ))}
          </SelectField>
        ) : (
          <p className="hint" data-testid="no-sender">
            Add the address you send from in <Link href="/profile/addresses">your address book</Link>.
          </p>
        )}
      </fieldset>
      {customs || values?.["contents.description"] ? (
        <fieldset data-testid="customs">
          <legend>Contents, for customs</legend>
          <p className="hint">The parcel leaves the sender&apos;s zone: customs needs to know what is inside.</p>
          <Field
            id="contents-description"
            name="contents.description"
            label="What is inside"
            maxLength={200}
            defaultValue={values?.["contents.description"]}
            errors={errors("contents.description")}
          />
          <Field
            id="contents-value"
            name="contents.value"
            label={`Declared value (${rates.currency})`}
            inputMode="decimal"
            defaultValue={values?.["contents.value"]}
            errors={errors("contents.value")}
          />
        </fieldset>
      ) : null}
    </div>
  );
}
