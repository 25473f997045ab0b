"use client";

import { useActionState, useRef } from "react";
import type { CountryOption } from "@/app/_components/countries";
import { Field } from "@/app/_components/field";
import { FormMessage } from "@/app/_components/form-message";
import { CountrySelectField } from "./country-select";
import { SubmitButton } from "@/app/_components/submit-button";
import { useFocusFirstError } from "@/app/_components/use-focus-first-error";
import { useKeptFormAction } from "@/app/_components/use-kept-form-action";
import type { FormState } from "@/lib/forms/action";

export interface AddressValues {
  id?: number;
  label?: string;
  isDefaultSender?: boolean;
  name?: string;
  company?: string;
  line1?: string;
  line2?: string;
  city?: string;
  region?: string;
  postalCode?: string;
  country?: string;
  phone?: string;
  email?: string;
}

interface Props {
  action: (state: FormState, data: FormData) => Promise<FormState>;
  countries: readonly CountryOption[];
  initial: AddressValues;
  submitLabel: string;
}

/** The API's field errors say "address.city"; the inputs are named "city". */
function errorsFor(state: FormState, name: string): string[] | undefined {
  return state.fields?.[`address.${name}`] ?? state.fields?.[`changes.address.${name}`] ?? state.fields?.[name] ?? state.fields?.[`changes.${name}`];
}

/** Adds or edits one address; what was typed stays after an error. */
export function AddressForm({ action: serverAction, countries, initial, submitLabel }: Props) {
  const [state, action, pending] = useActionState<FormState, FormData>(serverAction, {});
  const form = useRef<HTMLFormElement>(null);
  useFocusFirstError(form, state);
  const submit = useKeptFormAction(form, action, state);
  const value = (name: keyof AddressValues) => state.values?.[name] ?? (initial[name] === undefined ? undefined : String(initial[name]));
  const field = (name: keyof AddressValues, label: string, extra: Record<string, unknown> = {}) => (
    <Field name={name} label={label} defaultValue={value(name)} errors={errorsFor(state, name)} {...extra} />
  );
  return (
    <form ref={form} action={action} onSubmit={submit} noValidate className="form" aria-label={submitLabel} data-testid="address-form">
      <FormMessage message={state.message} ok={state.ok} testId="address-message" />
      {initial.id ? <input type="hidden" name="id" value={initial.id} /> : null}
      {field("label", "Label (optional)", { maxLength: 50, hint: "Your name for it, such as Home or Warehouse." })}
      {field("name", "Name", { autoComplete: "name", maxLength: 100, required: true })}
      {field("company", "Company (optional)", { autoComplete: "organization", maxLength: 100 })}
      {field("line1", "Street address", { autoComplete: "address-line1", maxLength: 100, required: true })}
      {field("line2", "Address line 2 (optional)", { autoComplete: "address-line2", maxLength: 100 })}
      {field("city", "City", { autoComplete: "address-level2", maxLength: 100, required: true })}
      {field("region", "State, province or region (optional)", { autoComplete: "address-level1", maxLength: 100 })}
      {field("postalCode", "Postal code", {
        autoComplete: "postal-code",
        maxLength: 20,
        hint: "Required wherever the country has postal codes; checked against its format.",
      })}
      <CountrySelectField name="country" label="Country" autoComplete="country" countries={countries} defaultValue={value("country") ?? ""} errors={errorsFor(state, "country")} />
      {field("phone", "Phone (optional)", { type: "tel", autoComplete: "tel", maxLength: 40, hint: "With the country code if it is abroad." })}
      {field("email", "E-mail (optional)", { type: "email", autoComplete: "email", maxLength: 100, hint: "For delivery news to the recipient." })}
      <div className="field checkbox-field">
        <label>
          <input type="checkbox" name="isDefaultSender" defaultChecked={state.values ? state.values.isDefaultSender === "on" : initial.isDefaultSender} />{" "}
          Send my parcels from this address by default
        </label>
      </div>
      <SubmitButton pending={pending} pendingLabel="Saving…">
        {submitLabel}
      </SubmitButton>
    </form>
  );
}
