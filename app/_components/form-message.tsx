import type { FormState } from "@/lib/forms/action";

/** The message for a whole form: an error (announced assertively) or a confirmation. */
export function FormMessage({ message, ok, testId = "form-message" }: { message?: string; ok?: boolean; testId?: string }) {
  if (!message) return null;
  return (
    <p className={ok ? "form-message ok" : "form-message error"} role={ok ? "status" : "alert"} data-testid={testId}>
      {message}
    </p>
  );
}

/**
 * The message a form shows above (or below) its fields: a confirmation, or an error that belongs to
 * no field. When every error is about a field this form shows, the fields say it, each next to its
 * input, and focus goes to the first (useFocusFirstError): a banner as well would say the same thing
 * twice ("The password is not correct." above and below). An error on a field the form does not
 * show (a link's hidden token) keeps the banner, so that it is never lost.
 */
export function formLevelMessage(state: FormState, shownFields: readonly string[]): string | undefined {
  const onFields = Object.keys(state.fields ?? {});
  if (!state.ok && onFields.length > 0 && onFields.every((name) => shownFields.includes(name))) return undefined;
  return state.message;
}
