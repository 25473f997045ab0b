"use client";

import { useActionState, useMemo, useState } from "react";
import type { CountryOption } from "@/app/_components/countries";
import { formatMoney } from "@/app/_components/format";
import { FormMessage } from "@/app/_components/form-message";
import { SubmitButton } from "@/app/_components/submit-button";
import type { FormState } from "@/lib/forms/action";
import type { CountryCode } from "@/lib/shipping/countries";
import { priceShipment } from "@/lib/shipping/pricing";
import { type RatesDto, rateTableInputSchema } from "@/lib/shipping/rate-table";
import { checkWeightKg } from "@/lib/shipping/weight";
import { publishDraft } from "./actions";

interface DraftZone {
  code: string;
  name: string;
  countries: string;
  ratePerKgCents: string;
  minimumChargeCents: string;
}

const toDraft = (rates: RatesDto) => ({
  zones: rates.zones.map((zone) => ({
    code: zone.code,
    name: zone.name,
    countries: zone.countries.join(" "),
    ratePerKgCents: String(zone.ratePerKgCents),
    minimumChargeCents: String(zone.minimumChargeCents),
  })),
  minOrders: String(rates.loyalty.minOrders),
  percent: String(rates.loyalty.percent),
  volumetricDivisor: String(rates.volumetricDivisor),
});

const number = (text: string) => (text.trim() === "" ? NaN : Number(text));

/** The draft as the API's request body. */
function tableOf(draft: ReturnType<typeof toDraft>) {
  return {
    currency: "USD",
    zones: draft.zones.map((zone) => ({
      code: zone.code.trim(),
      name: zone.name,
      countries: zone.countries.split(/[\s,]+/).filter(Boolean),
      ratePerKgCents: number(zone.ratePerKgCents),
      minimumChargeCents: number(zone.minimumChargeCents),
    })),
    loyalty: { minOrders: number(draft.minOrders), percent: number(draft.percent) },
    volumetricDivisor: number(draft.volumetricDivisor),
  };
}

/**
 * Edits a draft of the next version. The draft is checked with the server's own schema as it is typed,
 * and a sample parcel is priced under it with the server's own pricing function, before anything is saved.
 */
export function RatesEditor({ current, countries }: { current: RatesDto; countries: readonly CountryOption[] }) {
  const [draft, setDraft] = useState(() => toDraft(current));
  const [sample, setSample] = useState({ weightKg: "2.1", destination: "DE" });
  const [state, action, pending] = useActionState<FormState, FormData>(publishDraft, {});
  const table = useMemo(() => tableOf(draft), [draft]);
  const checked = useMemo(() => rateTableInputSchema.safeParse(table), [table]);

  const problems = new Map<string, string[]>();
  const add = (key: string, message: string) => problems.set(key, [...(problems.get(key) ?? []), message]);
  if (!checked.success) for (const issue of checked.error.issues) add(issue.path.slice(0, 3).join("."), issue.message);
  for (const [key, messages] of Object.entries(state.fields ?? {})) for (const message of messages) add(key.split(".").slice(0, 3).join("."), message);

  const weight = checkWeightKg(Number(sample.weightKg));
  const samplePrice =
    checked.success && weight.ok && sample.weightKg.trim() !== ""
      ? priceShipment({ weightKg: Number(sample.weightKg), destination: sample.destination as CountryCode, table: { ...checked.data, version: current.version + 1 }, paidOrderCount: null })
      : null;

  const setZone = (index: number, field: keyof DraftZone, value: string) =>
    setDraft((d) => ({ ...d, zones: d.zones.map((zone, i) => (i === index ? { ...zone, [field]: value } : zone)) }));
  const errorsOf = (key: string) => problems.get(key);
  const fieldId = (index: number, field: string) => `zone-${index}-${field}`;

  return (
    <form action={action} className="form" noValidate data-testid="rates-editor">
      <FormMessage message={state.message} ok={state.ok} testId="rates-message" />
      <input type="hidden" name="table" value={JSON.stringify(table)} />
      <ul className="rate-zones" aria-label="Zones of the draft">
        {draft.zones.map((zone, index) => (
          <li key={index} className="rate-zone" data-testid="draft-zone">
            <h3>Zone {index + 1}</h3>
            {(
              [
                ["code", "Code", "Upper-case letters, digits or _ (shown on quotes as the region)."],
                ["name", "Name", undefined],
                ["countries", "Countries", "ISO codes separated by spaces, or * for every other country."],
                ["ratePerKgCents", "Rate per kg (cents)", undefined],
                ["minimumChargeCents", "Minimum charge (cents)", undefined],
              ] as const
            ).map(([field, label, hint]) => {
              const errors = errorsOf(`zones.${index}.${field}`);
              const id = fieldId(index, field);
              return (
                <div className="field" key={field}>
                  <label htmlFor={id}>{label}</label>
                  {hint ? (
                    <p className="hint" id={`${id}-hint`}>
                      {hint}
                    </p>
                  ) : null}
                  <input
                    id={id}
                    value={zone[field]}
                    inputMode={field.endsWith("Cents") ? "numeric" : undefined}
                    onChange={(event) => setZone(index, field, event.target.value)}
                    aria-invalid={errors ? true : undefined}
                    aria-describedby={[hint ? `${id}-hint` : null, errors ? `${id}-error` : null].filter(Boolean).join(" ") || undefined}
                  />
                  {errors ? (
                    <p className="field-error" id={`${id}-error`} data-testid={`${id}-error`}>
                      {errors.join(" ")}
                    </p>
                  ) : null}
                </div>
              );
            })}
            <button
              type="button"
              className="button secondary"
              onClick={() => setDraft((d) => ({ ...d, zones: d.zones.filter((_, i) => i !== index) }))}
            >
              Remove zone {index + 1}
            </button>
          </li>
        ))}
      </ul>
      {errorsOf("zones") ? (
        <p className="field-error" data-testid="zones-error">
          {errorsOf("zones")!.join(" ")}
        </p>
      ) : null}
      <p>
        <button
          type="button"
          className="button secondary"
          onClick={() =>
            setDraft((d) => ({ ...d, zones: [...d.zones, { code: "", name: "", countries: "", ratePerKgCents: "0", minimumChargeCents: "0" }] }))
          }
        >
          Add a zone
        </button>
      </p>
      <fieldset className="inline-form">
        <legend>Loyalty discount</legend>
        <div className="field">
          <label htmlFor="loyalty-min-orders">More than this many paid orders</label>
          <input id="loyalty-min-orders" inputMode="numeric" value={draft.minOrders} onChange={(e) => setDraft((d) => ({ ...d, minOrders: e.target.value }))} />
          {errorsOf("loyalty.minOrders") ? <p className="field-error">{errorsOf("loyalty.minOrders")!.join(" ")}</p> : null}
        </div>
        <div className="field">
          <label htmlFor="loyalty-percent">Percent off</label>
          <input id="loyalty-percent" inputMode="numeric" value={draft.percent} onChange={(e) => setDraft((d) => ({ ...d, percent: e.target.value }))} />
          {errorsOf("loyalty.percent") ? <p className="field-error">{errorsOf("loyalty.percent")!.join(" ")}</p> : null}
        </div>
      </fieldset>
      <fieldset className="inline-form">
        <legend>Volumetric weight</legend>
        <div className="field">
          <label htmlFor="volumetric-divisor">Divisor (cm³ per kg)</label>
          <p className="hint" id="volumetric-divisor-hint">
            Volumetric weight = length x width x height (cm) / this; parcels are charged by the larger of it and their actual weight.
          </p>
          <input
            id="volumetric-divisor"
            inputMode="numeric"
            aria-describedby="volumetric-divisor-hint"
            value={draft.volumetricDivisor}
            onChange={(e) => setDraft((d) => ({ ...d, volumetricDivisor: e.target.value }))}
          />
          {errorsOf("volumetricDivisor") ? <p className="field-error">{errorsOf("volumetricDivisor")!.join(" ")}</p> : null}
        </div>
      </fieldset>
      <fieldset className="inline-form">
        <legend>Sample parcel under the draft</legend>
        <div className="field">
          <label htmlFor="sample-weight">Weight (kg)</label>
          <input id="sample-weight" inputMode="decimal" value={sample.weightKg} onChange={(e) => setSample((s) => ({ ...s, weightKg: e.target.value }))} />
        </div>
        <div className="field">
          <label htmlFor="sample-destination">Destination</label>
          <select id="sample-destination" value={sample.destination} onChange={(e) => setSample((s) => ({ ...s, destination: e.target.value }))}>
            {countries.map((country) => (
              <option key={country.code} value={country.code}>
                {country.name}
              </option>
            ))}
          </select>
        </div>
        <p className="inline-form-message" role="status" data-testid="sample-price">
          {samplePrice
            ? `Zone ${samplePrice.region}: ${formatMoney(samplePrice.subtotalCents, samplePrice.currency)} (${formatMoney(samplePrice.ratePerKgCents, samplePrice.currency)} per kg, minimum ${formatMoney(samplePrice.minimumChargeCents, samplePrice.currency)}), before any loyalty discount.`
            : "Correct the draft and the sample weight to see a price."}
        </p>
      </fieldset>
      <div className="actions">
        <SubmitButton pending={pending} pendingLabel="Publishing…">
          Publish as version {current.version + 1}
        </SubmitButton>
      </div>
    </form>
  );
}
