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
import { getCaller } from "@/lib/auth/sessions/current-user";
import type { Caller } from "@/lib/auth/sessions/guard";
import { isDatabaseUnavailable } from "@/lib/db/errors";
import { DomainError, type FieldErrors, Forbidden, Unauthenticated } from "@/lib/errors";
import { fieldErrorsOf } from "@/lib/http/errors";

export interface FormState {
  ok?: boolean;
  /** A message for the whole form (success or failure). */
  message?: string;
  fields?: FieldErrors;
  /** What the user typed, to put back into the form after an error. */
  values?: Record<string, string>;
}

type Access = "public" | "user" | "admin";
type CallerFor<A extends Access> = A extends "public" ? Caller | null : Caller;

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
  handler: (input: z.output<S>, caller: CallerFor<A>, formData: FormData) => Promise<FormState | void>,
): (previous: FormState, formData: FormData) => Promise<FormState> {
  return async (_previous, formData) => {
    const values = typedValues(formData);
    try {
      const caller = await getCaller();
      if (access !== "public" && !caller) throw new Unauthenticated("Your session has ended. Sign in again.");
      if (access === "admin" && caller?.user.role !== "ADMIN") throw new Forbidden("Only administrators may do this.");
      const parsed = schema.safeParse(formObject(formData));
      if (!parsed.success) {
        return { message: "Please correct the highlighted fields.", fields: fieldErrorsOf(parsed.error), values };
      }
      return (await handler(parsed.data, caller as CallerFor<A>, formData)) ?? { ok: true };
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
