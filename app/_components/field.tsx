import type { InputHTMLAttributes } from "react";

interface FieldProps extends InputHTMLAttributes<HTMLInputElement> {
  name: string;
  label: string;
  errors?: string[];
  hint?: string;
}

/** A labelled input whose errors are announced and tied to it (aria-describedby). */
export function Field({ name, label, errors, hint, id = name, ...input }: FieldProps) {
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
      <input id={id} name={name} aria-invalid={errors?.length ? true : undefined} aria-describedby={describedBy} {...input} />
      {errors?.length ? (
        <p id={errorId} className="field-error" data-testid={`${name}-error`}>
          {errors.join(" ")}
        </p>
      ) : null}
    </div>
  );
}
