import type { SelectHTMLAttributes } from "react";
import { FieldFrame } from "./field";

interface SelectFieldProps extends SelectHTMLAttributes<HTMLSelectElement> {
  name: string;
  label: string;
  errors?: string[];
  hint?: string;
  children: React.ReactNode;
}

/** A labelled select, like Field for inputs. */
export function SelectField({ name, label, errors, hint, id = name, children, ...select }: SelectFieldProps) {
  return (
    <FieldFrame id={id} name={name} label={label} errors={errors} hint={hint}>
      {(aria) => (
        <select {...aria} {...select}>
          {children}
        </select>
      )}
    </FieldFrame>
  );
}
