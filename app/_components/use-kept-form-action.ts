"use client";

import { type FormEvent, type RefObject, startTransition, useEffect } from "react";
import type { FormState } from "@/lib/forms/action";

/**
 * Runs a form's action without React's reset of the form. React 19 resets a form after an action
 * given as <form action>, which empties what was typed, passwords included, when the server says
 * "try again". The form keeps its `action` (so it still posts without JavaScript); this submit
 * handler takes over once hydrated and runs the same action in a transition, which does not reset.
 * Passwords therefore stay only in the browser: the server's answer never carries them back.
 * After a success the form is reset (a changed password should not linger on screen); its fields
 * go back to their defaultValue, which the answer may have set to the saved values.
 */
export function useKeptFormAction(form: RefObject<HTMLFormElement | null>, action: (data: FormData) => void, state: FormState) {
  useEffect(() => {
    if (state.ok) form.current?.reset();
  }, [form, state]);
  return (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget, (event.nativeEvent as SubmitEvent).submitter);
    startTransition(() => action(data));
  };
}
