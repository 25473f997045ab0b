"use client";
/**
 * The destination: a searchable list of 249 countries, the common ones first, following the WAI-ARIA
 * "editable combobox with list autocomplete" pattern (an input with role=combobox, a listbox of
 * options, focus kept in the input and the highlighted option named by aria-activedescendant).
 *
 * Written here rather than taken from a library: the project has no UI component library, and the
 * pattern is one small component; a combobox package (Downshift, React Aria, Headless UI) would add
 * its own styling and state model for this single field.
 *
 * Without JavaScript (and until hydration) it is a native <select> with the same name and value, so
 * the form and a server-rendered `?to=DE` work as before; both controls have the same box, so the
 * swap moves nothing.
 */
import { type KeyboardEvent, useEffect, useId, useMemo, useState, useSyncExternalStore } from "react";
import type { CountryOption } from "@/app/_components/countries";
import { FieldFrame } from "@/app/_components/field";
import { type DestinationEntry as Entry, entriesFor, fold } from "./destination-search";

interface Props {
  name: string;
  label: string;
  /** Every country, sorted by name. */
  countries: readonly CountryOption[];
  /** Codes listed first, most common first (COMMON_DESTINATIONS). */
  common: readonly string[];
  value: string;
  onChange(code: string): void;
  errors?: string[];
}

const noSubscription = () => () => {};

export function DestinationPicker({ name, label, countries, common, value, onChange, errors }: Props) {
  const hydrated = useSyncExternalStore(noSubscription, () => true, () => false);
  const selected = countries.find((country) => country.code === value);
  const [query, setQuery] = useState(selected?.name ?? "");
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const listId = `${useId()}-listbox`;
  const entries = useMemo(() => entriesFor(query, countries, common, selected), [query, countries, common, selected]);
  const activeEntry = open && active >= 0 ? entries[active] : undefined;
  const optionId = (entry: Entry) => `${listId}-${entry.key}`;
  const activeId = activeEntry ? optionId(activeEntry) : undefined;

  // Keep the highlighted option in view as the arrows move through a long list.
  useEffect(() => {
    if (activeId) document.getElementById(activeId)?.scrollIntoView({ block: "nearest" });
  }, [activeId]);

  if (!hydrated) {
    return (
      <FieldFrame id={name} name={name} label={label} errors={errors}>
        {(aria) => (
          <select {...aria} value={value} onChange={(event) => onChange(event.target.value)}>
            <option value="">Choose a country</option>
            <optgroup label="Common destinations">
              {entriesFor("", countries, common).filter((entry) => entry.group === "common").map(({ country }) => (
                <option key={`common-${country.code}`} value={country.code}>
                  {country.name}
                </option>
              ))}
            </optgroup>
            <optgroup label="All countries">
              {countries.map((country) => (
                <option key={country.code} value={country.code}>
                  {country.name}
                </option>
              ))}
            </optgroup>
          </select>
        )}
      </FieldFrame>
    );
  }

  function choose(country: CountryOption) {
    setQuery(country.name);
    setOpen(false);
    setActive(-1);
    if (country.code !== value) onChange(country.code);
  }

  function move(to: number) {
    setOpen(true);
    setActive(Math.max(0, Math.min(entries.length - 1, to)));
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    switch (event.key) {
      case "ArrowDown":
        event.preventDefault();
        // Alt+Down opens the list without choosing; Down opens it on the first option, or moves on.
        if (event.altKey) setOpen(true);
        else move(open ? active + 1 : 0);
        break;
      case "ArrowUp":
        event.preventDefault();
        // Up opens the list on its last option; in the list it moves up, and stops at the first.
        move(open && active >= 0 ? active - 1 : entries.length - 1);
        break;
      case "Home":
      case "End":
        // In the list they move through the options; otherwise they move the caret, as in any input.
        if (activeEntry) {
          event.preventDefault();
          move(event.key === "Home" ? 0 : entries.length - 1);
        }
        break;
      case "Enter": {
        // With the list open, Enter takes the highlighted option (or the best match); closed, it submits.
        const pick = activeEntry ?? (open && query.trim() !== "" ? entries[0] : undefined);
        if (pick) {
          event.preventDefault();
          choose(pick.country);
        } else if (open && entries.length === 0) {
          // "No country matches": Enter must not send the form (it used to place the order for the
          // country chosen before the text was typed).
          event.preventDefault();
        } else if (open) {
          // The form is sent: close the list, so the field's error is not hidden under it.
          setOpen(false);
          setActive(-1);
        }
        break;
      }
      case "Escape":
        if (open) {
          event.preventDefault();
          setOpen(false);
          setActive(-1);
          setQuery(selected?.name ?? "");
        }
        break;
    }
  }

  // Leaving the field: text that names exactly one country (by name or code) chooses it; anything
  // else goes back to the chosen country's name, so what shows is always what will be priced.
  function onBlur() {
    setOpen(false);
    setActive(-1);
    const typed = fold(query.trim());
    const exact = countries.find((country) => fold(country.name) === typed || fold(country.code) === typed);
    if (exact) choose(exact);
    // Text that still finds the chosen country goes back to its name; text that chose nothing stays,
    // next to the error that says a destination is needed.
    else if (typed !== "" && selected) setQuery(selected.name);
  }

  const groups: { id: Entry["group"]; label?: string; entries: Entry[] }[] =
    entries[0]?.group === "match"
      ? [{ id: "match", entries }]
      : [
          { id: "common", label: "Common destinations", entries: entries.filter((entry) => entry.group === "common") },
          { id: "all", label: "All countries", entries: entries.filter((entry) => entry.group === "all") },
        ];

  return (
    <FieldFrame id={name} name={name} label={label} errors={errors}>
      {({ name: field, ...aria }) => (
        <div className="combobox">
          <input
            {...aria}
            type="text"
            role="combobox"
            aria-autocomplete="list"
            aria-expanded={open}
            aria-controls={listId}
            aria-activedescendant={activeId}
            autoComplete="off"
            autoCapitalize="none"
            spellCheck={false}
            placeholder="Choose a country"
            value={query}
            onChange={(event) => {
              const text = event.target.value;
              setQuery(text);
              setOpen(true);
              setActive(-1);
              // The country chosen stays chosen only while the text would still find it ("Germ" for
              // Germany; Escape or leaving the field goes back to its name). Text that no longer does
              // ("Atlantis", "France") un-chooses it at once, so the price shown and the order placed
              // are never for a country the field does not name (issue 31).
              const stillFound = selected !== undefined && text.trim() !== "" && entriesFor(text, countries, common, selected).some((entry) => entry.country.code === selected.code);
              if (value !== "" && !stillFound) onChange("");
            }}
            onClick={() => setOpen((was) => !was)}
            onKeyDown={onKeyDown}
            onBlur={onBlur}
          />
          <input type="hidden" name={field} value={value} />
          <ul id={listId} role="listbox" aria-label="Countries" className="combobox-list" hidden={!open}>
            {entries.length === 0 ? (
              <li className="combobox-empty" role="presentation">
                No country matches “{query.trim()}”.
              </li>
            ) : (
              groups.map((group) => {
                const options = group.entries.map((entry) => (
                  <li
                    key={entry.key}
                    id={optionId(entry)}
                    role="option"
                    aria-selected={entry === activeEntry}
                    data-code={entry.country.code}
                    className="combobox-option"
                    // Not a blur first: the input keeps focus, as the pattern asks.
                    onMouseDown={(event) => event.preventDefault()}
                    onClick={() => choose(entry.country)}
                  >
                    {entry.country.name} <span className="muted">{entry.country.code}</span>
                  </li>
                ));
                if (!group.label) return options;
                const headingId = `${listId}-${group.id}`;
                return (
                  <li key={group.id} role="presentation">
                    <ul role="group" aria-labelledby={headingId} className="combobox-group" data-testid={`destination-group-${group.id}`}>
                      <li id={headingId} role="presentation" className="combobox-group-label">
                        {group.label}
                      </li>
                      {options}
                    </ul>
                  </li>
                );
              })
            )}
          </ul>
          <p className="visually-hidden" role="status">
            {open ? (entries.length === 0 ? "No country matches." : `${entries.length} countr${entries.length === 1 ? "y" : "ies"} listed.`) : ""}
          </p>
        </div>
      )}
    </FieldFrame>
  );
}
