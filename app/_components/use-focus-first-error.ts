"use client";

import { type RefObject, useEffect } from "react";

/** After a failed submit, move focus to the first invalid field (or the form's message). */
export function useFocusFirstError(form: RefObject<HTMLFormElement | null>, state: unknown) {
  useEffect(() => {
    const target =
      form.current?.querySelector<HTMLElement>("[aria-invalid='true']") ??
      form.current?.querySelector<HTMLElement>(".form-message.error");
    if (target) {
      if (target.tagName === "P") target.setAttribute("tabindex", "-1");
      target.focus();
    }
  }, [form, state]);
}
