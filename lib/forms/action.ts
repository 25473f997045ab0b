/**
 * The wrapper for server actions behind the web forms: it validates FormData with the domain's zod
 * schema, resolves the caller through the same guard as the API, calls the domain function, and
 * turns typed domain errors into form state (a message and per-field errors, shown next to the
 * fields) while keeping what the user typed (never passwords). Unexpected errors are rethrown to
 * the error boundary.
 */
import "server-only";
import { unstable_rethrow } from "next/navigation";
import { z } from "zod";
import { type Access, type CallerFor, requireAccess } from "@/lib/auth/sessions/access";
import { getCaller } from "@/lib/auth/sessions/current-user";
import { isDatabaseUnavailable } from "@/lib/db/errors";
import { DomainError, type FieldErrors } from "@/lib/errors";
import { fieldErrorsOf } from "@/lib/http/errors";
import { type RequestMeta, requestMeta } from "@/lib/http/request-meta";

export interface FormState {
  ok?: boolean;
  /** A message for the whole form (success or failure). */
  message?: string;
  fields?: FieldErrors;
  /** What the user typed, to put back into the form after an error. */
  values?: Record<string, string>;
}

/** What a form's handler is given besides its parsed input. */
export interface FormContext<A extends Access> {
  caller: CallerFor<A>;
  /** Who asks, from where, with what: for the domain functions that record it (lib/http/request-meta.ts). */
  meta: RequestMeta;
  formData: FormData;
}

function typedValues(formData: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, value] of formData.entries()) {
    if (typeof value === "string" && !name.startsWith("$") && !/password/i.test(name)) values[name] = value;
  }
  return values;
}

/**
 * FormData as a plain object of strings for the schema. Fields named `$...` are the form's own
 * plumbing (such as `$returnTo`) and are left out.
 */
function formObject(formData: FormData): Record<string, string> {
  const object: Record<string, string> = {};
  for (const [name, value] of formData.entries()) {
    if (typeof value === "string" && !name.startsWith("$")) object[name] = value;
  }
  return object;
}

export function formAction<S extends z.ZodType, A extends Access>(
  access: A,
  schema: S,
  handler: (input: z.output<S>, context: FormContext<A>) => Promise<FormState | void>,
): (previous: FormState, formData: FormData) => Promise<FormState> {
  return async (_previous, formData) => {
    const values = typedValues(formData);
    try {
      // A public form does not look the caller up (the same rule as a public API route).
      const caller = requireAccess(access === "public" ? null : await getCaller(), access, "Your session has ended. Sign in again.");
      const parsed = schema.safeParse(formObject(formData));
      if (!parsed.success) {
        return { message: "Please correct the highlighted fields.", fields: fieldErrorsOf(parsed.error), values };
      }
      return (await handler(parsed.data, { caller, meta: await requestMeta(caller), formData })) ?? { ok: true };
    } catch (error) {
      unstable_rethrow(error);
      if (error instanceof DomainError) return { message: error.message, fields: error.fields, values };
      if (isDatabaseUnavailable(error)) {
        return { message: "The service is temporarily unavailable. Try again shortly.", values };
      }
      throw error;
    }
  };
}
