import type { SelectHTMLAttributes } from "react";

interface SelectFieldProps extends SelectHTMLAttributes<HTMLSelectElement> {
  name: string;
  label: string;
  errors?: string[];
  hint?: string;
  children: React.ReactNode;
}

/** A labelled select whose errors are announced and tied to it, like Field for inputs. */
export function SelectField({ name, label, errors, hint, id = name, children, ...select }: SelectFieldProps) {
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const describedBy = [hint ? hintId : null, errors?.length ? errorId : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p id={hintId} className="hint">
          {hint}
        </p>
      ) : null}
      <select id={id} name={name} aria-invalid={errors?.length ? true : undefined} aria-describedby={describedBy} {...select}>
        {children}
      </select>
      {errors?.length ? (
        <p id={errorId} className="field-error" data-testid={`${name}-error`}>
          {errors.join(" ")}
        </p>
      ) : null}
    </div>
  );
}
