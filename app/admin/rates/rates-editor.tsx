"use client";

import { useActionState, useEffect, useMemo, useRef, useState } from "react";
import type { CountryOption } from "@/app/_components/countries";
import { formatMoney } from "@/app/_components/format";
import { FormMessage } from "@/app/_components/form-message";
import type { FormState } from "@/lib/forms/action";
import type { CountryCode } from "@/lib/shipping/countries";
import { CATCH_ALL, priceShipment } from "@/lib/shipping/pricing";
import { centsToAmount, draftPathOf, type RateDraft, rateDraftToTableSchema, readCountries } from "@/lib/shipping/rate-draft";
import type { RatesDto, RateTableInput } from "@/lib/shipping/rate-table";
import { checkWeightKg } from "@/lib/shipping/weight";
import { publishDraft } from "./actions";

type DraftZone = RateDraft["zones"][number];

/** The table in force as the editor's draft: amounts in dollars, countries as "DE, FR". */
const toDraft = (rates: RatesDto): RateDraft => ({
  zones: rates.zones.map((zone) => ({
    code: zone.code,
    name: zone.name,
    countries: zone.countries.join(", "),
    ratePerKg: centsToAmount(zone.ratePerKgCents),
    minimumCharge: centsToAmount(zone.minimumChargeCents),
  })),
  minOrders: String(rates.loyalty.minOrders),
  percent: String(rates.loyalty.percent),
  volumetricDivisor: String(rates.volumetricDivisor),
});

const money = (cents: number) => formatMoney(cents, "USD");

/**
 * What publishing the draft changes, line by line, against the version in force: what the
 * confirmation lists before a change reaches every new quote and order.
 */
function changesOf(current: RatesDto, next: RateTableInput, nameOf: (code: string) => string): string[] {
  const lines: string[] = [];
  const countries = (codes: readonly string[]) => (codes.includes(CATCH_ALL) ? "every other country" : codes.map(nameOf).join(", "));
  const before = new Map(current.zones.map((zone) => [zone.code, zone]));
  for (const zone of next.zones) {
    const old = before.get(zone.code);
    if (!old) {
      lines.push(`New zone ${zone.code} (${zone.name}): ${money(zone.ratePerKgCents)} per kg, minimum ${money(zone.minimumChargeCents)}, for ${countries(zone.countries)}.`);
      continue;
    }
    if (old.name !== zone.name) lines.push(`Zone ${zone.code} is renamed from "${old.name}" to "${zone.name}".`);
    if (old.ratePerKgCents !== zone.ratePerKgCents) lines.push(`Zone ${zone.code}: rate per kg from ${money(old.ratePerKgCents)} to ${money(zone.ratePerKgCents)}.`);
    if (old.minimumChargeCents !== zone.minimumChargeCents) {
      lines.push(`Zone ${zone.code}: minimum charge from ${money(old.minimumChargeCents)} to ${money(zone.minimumChargeCents)}.`);
    }
    const added = zone.countries.filter((code) => !old.countries.includes(code));
    const removed = old.countries.filter((code) => !zone.countries.includes(code));
    if (added.length > 0) lines.push(`Zone ${zone.code} gains ${countries(added)}.`);
    if (removed.length > 0) lines.push(`Zone ${zone.code} loses ${countries(removed)}.`);
  }
  const kept = new Set(next.zones.map((zone) => zone.code));
  for (const zone of current.zones) if (!kept.has(zone.code)) lines.push(`Zone ${zone.code} (${zone.name}) is removed.`);
  if (current.loyalty.minOrders !== next.loyalty.minOrders || current.loyalty.percent !== next.loyalty.percent) {
    lines.push(
      `Loyalty discount from ${current.loyalty.percent}% after more than ${current.loyalty.minOrders} paid orders to ${next.loyalty.percent}% after more than ${next.loyalty.minOrders}.`,
    );
  }
  if (current.volumetricDivisor !== next.volumetricDivisor) lines.push(`Volumetric divisor from ${current.volumetricDivisor} to ${next.volumetricDivisor}.`);
  return lines;
}

/** Focuses `element` (a message gets a tabindex for it) and brings it to the middle of the screen. */
function show(element: HTMLElement | null | undefined) {
  if (!element) return;
  if (!element.matches("input, select, textarea, button")) element.setAttribute("tabindex", "-1");
  element.focus({ preventScroll: true });
  element.scrollIntoView({ block: "center" });
}

/**
 * Edits a draft of the next version, in dollars and country codes. The draft is read and checked as
 * it is typed with the same function the server reads it with (lib/shipping/rate-draft.ts), and a
 * sample parcel is priced under it with the server's own pricing function. Publishing reaches every
 * new quote and order at once, so it is confirmed first, with a list of what changes from the version
 * in force. Each error is said once, next to its field; a refused publish takes focus to the first.
 */
export function RatesEditor({ current, countries }: { current: RatesDto; countries: readonly CountryOption[] }) {
  const [draft, setDraft] = useState(() => toDraft(current));
  const [sample, setSample] = useState({ weightKg: "2.1", destination: "DE" });
  const [state, action, pending] = useActionState<FormState, FormData>(publishDraft, {});
  const [confirming, setConfirming] = useState(false);
  // The server's field errors are about the draft it was sent: an edit since makes them stale (the
  // live check says the same things about the draft as it now is).
  const [editedSinceAnswer, setEditedSinceAnswer] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  const confirmation = useRef<HTMLDivElement>(null);

  // A new version in force (this editor's own publish, as the page is revalidated): a fresh draft
  // from it, keeping the answer that says so. Reset while rendering, React's pattern for state that
  // follows a prop.
  const [base, setBase] = useState(current.version);
  if (base !== current.version) {
    setBase(current.version);
    setDraft(toDraft(current));
  }
  const [answered, setAnswered] = useState(state);
  if (answered !== state) {
    setAnswered(state);
    setConfirming(false);
    setEditedSinceAnswer(false);
  }

  const names = useMemo(() => new Map(countries.map((country) => [country.code, country.name])), [countries]);
  const nameOf = (code: string) => names.get(code) ?? code;
  const checked = useMemo(() => rateDraftToTableSchema.safeParse(draft), [draft]);

  // One list of messages per field, each message once (the live check and the server's answer often
  // say the same thing).
  const problems = new Map<string, string[]>();
  const add = (key: string, message: string) => {
    const messages = problems.get(key) ?? [];
    if (!messages.includes(message)) problems.set(key, [...messages, message]);
  };
  if (!checked.success) for (const issue of checked.error.issues) add(draftPathOf(issue.path), issue.message);
  if (!editedSinceAnswer) {
    for (const [key, messages] of Object.entries(state.fields ?? {})) {
      if (!key.startsWith("draft.")) continue;
      for (const message of messages) add(draftPathOf(key.slice("draft.".length).split(".")), message);
    }
  }
  const errorsOf = (key: string) => problems.get(key);
  // The form's own message: a confirmation, or a refusal that belongs to no field (another version
  // published meanwhile); "correct the highlighted fields" would only repeat the fields' errors.
  const onFields = Object.keys(state.fields ?? {}).filter((key) => key.startsWith("draft."));
  const formMessage = state.ok || onFields.length === 0 ? state.message : undefined;

  // After a refused publish, focus the first error so it is on screen (the button is at the bottom).
  useEffect(() => {
    if (state.ok || !state.message) return;
    show(form.current?.querySelector<HTMLElement>("[aria-invalid='true'], .field-error, .form-message.error"));
  }, [state]);
  useEffect(() => {
    if (confirming) show(confirmation.current);
  }, [confirming]);

  const edit = (change: (draft: RateDraft) => RateDraft) => {
    setDraft(change);
    setConfirming(false);
    setEditedSinceAnswer(true);
  };
  const setZone = (index: number, field: keyof DraftZone, value: string) =>
    edit((d) => ({ ...d, zones: d.zones.map((zone, i) => (i === index ? { ...zone, [field]: value } : zone)) }));
  const fieldId = (index: number, field: string) => `zone-${index}-${field}`;

  const weight = checkWeightKg(Number(sample.weightKg));
  const samplePrice =
    checked.success && weight.ok && sample.weightKg.trim() !== ""
      ? priceShipment({ weightKg: Number(sample.weightKg), destination: sample.destination as CountryCode, table: { ...checked.data, version: current.version + 1 }, paidOrderCount: null })
      : null;
  const changes = checked.success ? changesOf(current, checked.data, nameOf) : [];

  /** "Review and publish": the confirmation when the draft is right, else focus on its first error. */
  function review() {
    if (checked.success) {
      setConfirming(true);
      return;
    }
    show(form.current?.querySelector<HTMLElement>("[aria-invalid='true'], .field-error"));
  }

  const numberField = (id: string, key: "minOrders" | "percent" | "volumetricDivisor", label: string, hint?: string) => {
    const errors = errorsOf(key);
    return (
      <DraftField id={id} label={label} hint={hint} errors={errors}>
        {(describedBy) => (
          <input
            id={id}
            inputMode="numeric"
            value={draft[key]}
            onChange={(e) => edit((d) => ({ ...d, [key]: e.target.value }))}
            aria-invalid={errors ? true : undefined}
            aria-describedby={describedBy}
          />
        )}
      </DraftField>
    );
  };

  return (
    <form ref={form} action={action} className="form" noValidate data-testid="rates-editor">
      <FormMessage message={formMessage} ok={state.ok} testId="rates-message" />
      <input type="hidden" name="draft" value={JSON.stringify(draft)} />
      <input type="hidden" name="replacing" value={current.version} />
      <ul className="rate-zones" aria-label="Zones of the draft">
        {draft.zones.map((zone, index) => {
          const read = readCountries(zone.countries);
          return (
            <li key={index} className="rate-zone" data-testid="draft-zone">
              <h3>Zone {index + 1}</h3>
              {(
                [
                  ["code", "Code", "Upper-case letters, digits or _ (shown on quotes as the region).", undefined],
                  ["name", "Name", undefined, undefined],
                  ["countries", "Countries", `ISO codes separated by spaces or commas (DE, FR), or ${CATCH_ALL} for every other country.`, undefined],
                  ["ratePerKg", "Rate per kg (US$)", "In dollars and cents, e.g. 12.50.", "decimal"],
                  ["minimumCharge", "Minimum charge (US$)", "In dollars and cents, e.g. 1.00.", "decimal"],
                ] as const
              ).map(([field, label, hint, inputMode]) => {
                const errors = errorsOf(`zones.${index}.${field}`);
                const id = fieldId(index, field);
                // The countries the codes name, as they are typed: "DE, FR" reads "Germany, France".
                const named =
                  field === "countries" && read.codes.length > 0
                    ? read.codes.includes(CATCH_ALL)
                      ? "Every other country."
                      : `${read.codes.map(nameOf).join(", ")}.`
                    : null;
                return (
                  <DraftField key={field} id={id} label={label} hint={hint} named={named} errors={errors}>
                    {(describedBy) => (
                      <input
                        id={id}
                        value={zone[field]}
                        inputMode={inputMode}
                        onChange={(event) => setZone(index, field, event.target.value)}
                        aria-invalid={errors ? true : undefined}
                        aria-describedby={describedBy}
                      />
                    )}
                  </DraftField>
                );
              })}
              <button type="button" className="button secondary" onClick={() => edit((d) => ({ ...d, zones: d.zones.filter((_, i) => i !== index) }))}>
                Remove zone {index + 1}
              </button>
            </li>
          );
        })}
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
          onClick={() => edit((d) => ({ ...d, zones: [...d.zones, { code: "", name: "", countries: "", ratePerKg: "0.00", minimumCharge: "0.00" }] }))}
        >
          Add a zone
        </button>
      </p>
      <fieldset className="inline-form">
        <legend>Loyalty discount</legend>
        {numberField("loyalty-min-orders", "minOrders", "More than this many paid orders")}
        {numberField("loyalty-percent", "percent", "Percent off")}
      </fieldset>
      <fieldset className="inline-form">
        <legend>Volumetric weight</legend>
        {numberField(
          "volumetric-divisor",
          "volumetricDivisor",
          "Divisor (cm³ per kg)",
          "Volumetric weight = length x width x height (cm) / this; parcels are charged by the larger of it and their actual weight.",
        )}
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
      {confirming && checked.success ? (
        <div ref={confirmation} className="hint-box confirm-step" role="group" aria-labelledby="publish-confirm-heading" data-testid="publish-confirmation">
          <h2 id="publish-confirm-heading">
            Publish version {current.version + 1} in place of version {current.version}?
          </h2>
          <p>It is in force at once for every new quote and order; orders already placed keep their price.</p>
          {changes.length > 0 ? (
            <ul data-testid="publish-changes">
              {changes.map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
          ) : (
            <p data-testid="publish-changes">Nothing changes: version {current.version + 1} would be the same as version {current.version}.</p>
          )}
          <div className="actions">
            <button type="submit" className="button" disabled={pending} aria-disabled={pending}>
              {pending ? "Publishing…" : `Publish version ${current.version + 1}`}
            </button>{" "}
            <button type="button" className="button secondary" disabled={pending} onClick={() => setConfirming(false)}>
              Back to the draft
            </button>
          </div>
        </div>
      ) : (
        <div className="actions">
          <button type="button" className="button" onClick={review}>
            Review and publish as version {current.version + 1}
          </button>
        </div>
      )}
    </form>
  );
}

/**
 * One input of the draft with its label, its hint, the countries it names (a zone's countries) and
 * its errors; the input (given the ids it is described by) is the caller's.
 */
function DraftField(props: {
  id: string;
  label: string;
  hint: string | undefined;
  named?: string | null;
  errors: string[] | undefined;
  children: (describedBy: string | undefined) => React.ReactNode;
}) {
  const { id, label, hint, named, errors } = props;
  const describedBy = [hint ? `${id}-hint` : null, named ? `${id}-names` : null, errors ? `${id}-error` : null].filter(Boolean).join(" ");
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {props.children(describedBy || undefined)}
      {named ? (
        <p className="hint country-names" id={`${id}-names`} data-testid={`${id}-names`}>
          {named}
        </p>
      ) : null}
      {errors ? (
        <p className="field-error" id={`${id}-error`} data-testid={`${id}-error`}>
          {errors.join(" ")}
        </p>
      ) : null}
    </div>
  );
}
