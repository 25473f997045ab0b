"use client";

import { type InputHTMLAttributes, useState, useSyncExternalStore } from "react";
import { FieldFrame } from "./field";

interface PasswordFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, "type"> {
  name: string;
  label: string;
  errors?: string[];
  hint?: string;
  /** The toggle's accessible name, when the form has more than one password ("Show new password"). */
  toggleLabel?: string;
}

const noSubscription = () => () => {};

/**
 * A password input with a show/hide toggle, so a long passphrase typed on a phone can be checked
 * before it is sent. The toggle is a toggle button (aria-pressed) with one fixed name: the pressed
 * state, not a changing name, says which way it is; an icon rather than "Show"/"Hide" text keeps the
 * visible label from contradicting the name. Focus stays on the button after a press. The value lives
 * in the input itself (client state): it never goes back and forth through the server's answer.
 */
export function PasswordField({ name, label, errors, hint, id = name, toggleLabel = "Show password", ...input }: PasswordFieldProps) {
  const [shown, setShown] = useState(false);
  // Without JavaScript the button could do nothing: it appears once the page is hydrated. It sits
  // inside the input's reserved padding, so its arrival moves nothing.
  const hydrated = useSyncExternalStore(noSubscription, () => true, () => false);
  return (
    <FieldFrame id={id} name={name} label={label} errors={errors} hint={hint}>
      {(aria) => (
        <div className="password-input">
          <input {...aria} {...input} type={shown ? "text" : "password"} autoCapitalize="none" autoCorrect="off" spellCheck={false} />
          <button
            type="button"
            className="password-toggle"
            aria-label={toggleLabel}
            aria-pressed={shown}
            aria-controls={id}
            hidden={!hydrated}
            data-testid={`${name}-toggle`}
            onClick={() => setShown((value) => !value)}
          >
            <svg aria-hidden="true" focusable="false" width="22" height="22" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
              <path d="M2 12s3.6-7 10-7 10 7 10 7-3.6 7-10 7S2 12 2 12Z" />
              <circle cx="12" cy="12" r="3" />
              {/* Struck through while the password shows: pressing again hides it. */}
              {shown ? <path d="M3 3l18 18" /> : null}
            </svg>
          </button>
        </div>
      )}
    </FieldFrame>
  );
}
