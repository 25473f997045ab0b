"use client";

import Link from "next/link";
import { useState } from "react";
import { Field } from "@/app/_components/field";
import { SelectField } from "@/app/_components/select-field";
import { CountrySelectField } from "@/app/profile/addresses/country-select";
import type { CountryOption } from "@/app/_components/countries";
import type { AddressBookItem } from "@/lib/addresses/book";
import type { Address } from "@/lib/addresses/schemas";
import { isCountryCode } from "@/lib/shipping/countries";
import { type RateTable, zoneFor } from "@/lib/shipping/pricing";
import { NEW_SENDER, RECIPIENT_FIELDS, type RecipientField } from "./order-fields";

interface Props {
  addresses: readonly AddressBookItem[];
  rates: RateTable;
  destination: string;
  onChooseRecipient: (country: string) => void;
  errors: (name: string) => string[] | undefined;
  values: Record<string, string> | undefined;
  /** For a sender typed in the form; without them the sender comes from the address book only. */
  countries?: readonly CountryOption[];
  /** The "no address-book sender" choice: "Choose later" when placing, "keep the current one" when editing. */
  noSenderLabel?: string;
  testId?: string;
}

type Party = "recipient" | "sender";

/** Label and input attributes of each address field; the recipient's autofill is the shipping address. */
function addressLabels(party: Party): Record<RecipientField, [string, Record<string, unknown>]> {
  const who = party === "recipient" ? "Recipient's" : "Sender's";
  const auto = (token: string) => (party === "recipient" ? `shipping ${token}` : token);
  return {
    name: [`${who} name`, { autoComplete: auto("name"), maxLength: 100 }],
    company: ["Company (optional)", { autoComplete: auto("organization"), maxLength: 100 }],
    line1: ["Street address", { autoComplete: auto("address-line1"), maxLength: 100 }],
    line2: ["Address line 2 (optional)", { autoComplete: auto("address-line2"), maxLength: 100 }],
    city: ["City", { autoComplete: auto("address-level2"), maxLength: 100 }],
    region: ["State, province or region (optional)", { autoComplete: auto("address-level1"), maxLength: 100 }],
    postalCode: ["Postal code", { autoComplete: auto("postal-code"), maxLength: 20 }],
    phone: [`${who} phone (optional)`, { type: "tel", autoComplete: auto("tel"), maxLength: 40 }],
    email: [`${who} e-mail (optional)`, { type: "email", maxLength: 100, ...(party === "recipient" ? { hint: "For the tracking link." } : {}) }],
  };
}

/** One party's address inputs, named `${party}.name`, ...; the country is the caller's to add. */
function AddressInputs({ party, initial, errors }: { party: Party; initial: (field: RecipientField) => string | undefined; errors: Props["errors"] }) {
  const labels = addressLabels(party);
  return RECIPIENT_FIELDS.map((field) => {
    const [label, extra] = labels[field];
    return <Field key={field} id={`${party}-${field}`} name={`${party}.${field}`} label={label} defaultValue={initial(field)} errors={errors(`${party}.${field}`)} {...extra} />;
  });
}

/**
 * Who the parcel goes to and from, and what is in it. The recipient is entered or chosen from the
 * address book (its country is the destination above); the sender is picked from the address book
 * (or, given `countries`, typed in);
 * contents and declared value are asked only when customs needs them: when the destination's zone
 * differs from the sender's country's zone in the rate table in force (the rule lib/orders applies).
 */
export function OrderDetails({ addresses, rates, destination, onChooseRecipient, errors, values, countries, noSenderLabel = "Choose later", testId = "order-details" }: Props) {
  const defaultSender = addresses.find((item) => item.isDefaultSender);
  const [senderId, setSenderId] = useState(values?.["sender.addressId"] ?? (defaultSender ? String(defaultSender.id) : ""));
  const [senderCountry, setSenderCountry] = useState(values?.["sender.country"] ?? "");
  const [chosen, setChosen] = useState<Address | null>(null);
  const [fill, setFill] = useState(0);
  const entering = countries !== undefined && senderId === NEW_SENDER;
  const senderCountryCode = entering ? senderCountry : addresses.find((item) => String(item.id) === senderId)?.address.country;
  const customs =
    senderCountryCode !== undefined && isCountryCode(destination) && isCountryCode(senderCountryCode)
      ? zoneFor(rates, destination).code !== zoneFor(rates, senderCountryCode).code
      : false;
  // What was typed wins (after an error), then a chosen address.
  const initial = (field: RecipientField) => (fill === 0 ? values?.[`recipient.${field}`] : undefined) ?? chosen?.[field] ?? "";

  return (
    <div className="shipment-details" data-testid={testId}>
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
        <AddressInputs party="recipient" initial={initial} errors={errors} />
      </fieldset>
      <fieldset>
        <legend>Sender</legend>
        {addresses.length > 0 || countries ? (
          <SelectField
            id="sender-address"
            name="sender.addressId"
            label="Send from"
            value={senderId}
            onChange={(event) => setSenderId(event.target.value)}
            errors={errors("sender.addressId")}
          >
            <option value="">{noSenderLabel}</option>
            {addresses.map((item) => (
              <option key={item.id} value={item.id}>
                {item.label ? `${item.label}: ` : ""}
                {item.address.name}, {item.address.city}
              </option>
            ))}
            {countries ? <option value={NEW_SENDER}>Enter a sender address</option> : null}
          </SelectField>
        ) : null}
        {entering ? (
          <>
            <AddressInputs party="sender" initial={(field) => values?.[`sender.${field}`]} errors={errors} />
            <CountrySelectField
              id="sender-country"
              name="sender.country"
              label="Sender's country"
              countries={countries}
              value={senderCountry}
              onChange={(event) => setSenderCountry(event.target.value)}
              errors={errors("sender.country")}
            />
          </>
        ) : null}
        {addresses.length === 0 ? (
          <p className="hint" data-testid="no-sender">
            Add the address you send from in <Link href="/profile/addresses">your address book</Link>
            {countries ? ", or enter it here." : "."}
          </p>
        ) : null}
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
