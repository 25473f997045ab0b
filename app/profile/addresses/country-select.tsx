import type { ComponentProps } from "react";
import type { CountryOption } from "@/app/_components/countries";
import { SelectField } from "@/app/_components/select-field";

/**
 * The country of an address being typed (the address book's form, a sender entered on the order
 * form): nothing chosen until the person chooses, so a forgotten country is named by the server
 * rather than silently the first of the list.
 */
export function CountrySelectField({ countries, ...select }: Omit<ComponentProps<typeof SelectField>, "children"> & { countries: readonly CountryOption[] }) {
  return (
    <SelectField {...select}>
      <option value="">Choose a country</option>
      {countries.map((country) => (
        <option key={country.code} value={country.code}>
          {country.name}
        </option>
      ))}
    </SelectField>
  );
}
