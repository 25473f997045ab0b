import type { InputHTMLAttributes, ReactNode } from "react";

interface FrameProps {
  id: string;
  name: string;
  label: string;
  errors?: string[];
  hint?: string;
  /** The control itself, given the attributes that tie it to its label, hint and errors. */
  children: (aria: { id: string; name: string; "aria-invalid"?: true; "aria-describedby"?: string }) => ReactNode;
}

/** Label, hint and errors around one form control, announced and tied to it (aria-describedby). */
export function FieldFrame({ id, name, label, errors, hint, children }: FrameProps) {
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
      {children({ id, name, "aria-invalid": errors?.length ? true : undefined, "aria-describedby": describedBy })}
      {errors?.length ? (
        <p id={errorId} className="field-error" data-testid={`${name}-error`}>
          {/* One message at a time: the first is the most basic problem (required, then length, then
              the finer rules); the next shows once that one is fixed. */}
          {errors[0]}
        </p>
      ) : null}
    </div>
  );
}

interface FieldProps extends InputHTMLAttributes<HTMLInputElement> {
  name: string;
  label: string;
  errors?: string[];
  hint?: string;
}

/** A labelled input. */
export function Field({ name, label, errors, hint, id = name, ...input }: FieldProps) {
  return (
    <FieldFrame id={id} name={name} label={label} errors={errors} hint={hint}>
      {(aria) => <input {...aria} {...input} />}
    </FieldFrame>
  );
}

/** The account fields shared by registration and the profile form, with the same rules as lib/users/schemas.ts. */
export function UsernameField({ defaultValue, errors }: { defaultValue?: string; errors?: string[] }) {
  return (
    <Field
      name="username"
      label="Username"
      autoComplete="username"
      required
      minLength={3}
      maxLength={50}
      hint="3 to 50 letters, digits, '_', '.' or '-'."
      defaultValue={defaultValue}
      errors={errors}
    />
  );
}

export function EmailField({ defaultValue, errors }: { defaultValue?: string; errors?: string[] }) {
  return (
    <Field name="email" label="Email" type="email" autoComplete="email" required maxLength={100} defaultValue={defaultValue} errors={errors} />
  );
}
