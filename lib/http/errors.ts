/**
 * The one place where errors become HTTP responses in the API's error shape:
 * `{ "error": { "code", "message", "fields"? } }`. Route handlers never build error bodies by hand.
 */
import { z } from "zod";
import { isDatabaseUnavailable } from "@/lib/db/errors";
import { DomainError, ERROR_STATUS, type ErrorCode, type FieldErrors, MfaRequired, RateLimited, Unauthenticated } from "@/lib/errors";
import { log } from "@/lib/log";

const ERROR_CODES = Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]];

/** The API's error body, as a schema: the OpenAPI document's `Error` component. */
export const errorSchema = z
  .strictObject({
    error: z.strictObject({
      code: z.enum(ERROR_CODES).meta({ description: "Stable, machine-readable; switch on this, not on the message." }),
      message: z.string().meta({ description: "For people; may change." }),
      fields: z
        .record(z.string(), z.array(z.string()))
        .optional()
        .meta({ description: "Per-field messages for validation_failed and conflict." }),
      mfaToken: z
        .string()
        .optional()
        .meta({ description: "mfa_required only: send it with a code to POST /api/v1/auth/token/two-factor within 5 minutes; single use." }),
    }),
  })
  .meta({
    id: "Error",
    description: "Every error has this shape.",
    example: { error: { code: "validation_failed", message: "The request is not valid.", fields: { email: ["Enter a valid email address."] } } },
  });

/** Errors that only exist at the HTTP boundary (body framing), not in the domain. */
export class HttpError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "HttpError";
  }
}

export interface ErrorBody {
  error: { code: ErrorCode; message: string; fields?: FieldErrors; mfaToken?: string };
}

/** zod issues as `{ field: [messages] }`; unknown keys are reported under their own names. */
export function fieldErrorsOf(error: z.ZodError): FieldErrors {
  // A Map, not a plain object: unknown keys come from the client and may be "__proto__" or
  // "constructor", which a plain object already "has" (and whose .push is not a function).
  const fields = new Map<string, string[]>();
  const add = (key: string, message: string) => {
    const messages = fields.get(key);
    if (messages) messages.push(message);
    else fields.set(key, [message]);
  };
  const report = (issues: readonly z.core.$ZodIssue[], prefix: readonly PropertyKey[]) => {
    for (const issue of issues) {
      const path = [...prefix, ...issue.path];
      const meant = issue.code === "invalid_union" ? branchMeant(issue.errors) : undefined;
      if (meant) report(meant, path);
      else if (issue.code === "unrecognized_keys") {
        for (const key of issue.keys) add([...path, key].join("."), "Unknown field.");
      } else {
        add(path.length > 0 ? path.join(".") : "_", issue.message);
      }
    }
  };
  report(error.issues, []);
  return Object.fromEntries(fields);
}

/**
 * Of a union's failed branches, the one the input was meant for: the only one that did not refuse
 * its shape outright (the wrong type, or fields it does not have). An order's `sender` is
 * `{ addressId }` or a typed address; a typed sender without its name then reports `sender.name`,
 * not a bare `sender` that leaves the client guessing (issue 26). Undefined when it is not clear
 * which branch was meant, and the union's own message stands.
 */
function branchMeant(branches: readonly (readonly z.core.$ZodIssue[])[]): readonly z.core.$ZodIssue[] | undefined {
  const plausible = branches.filter(
    (issues) => !issues.some((issue) => issue.path.length === 0 && (issue.code === "unrecognized_keys" || issue.code === "invalid_type")),
  );
  return plausible.length === 1 ? plausible[0] : undefined;
}

export function errorBody(code: ErrorCode, message: string, fields?: FieldErrors): ErrorBody {
  return { error: fields && Object.keys(fields).length > 0 ? { code, message, fields } : { code, message } };
}

export function errorResponse(code: ErrorCode, message: string, fields?: FieldErrors, headers?: HeadersInit): Response {
  return Response.json(errorBody(code, message, fields), {
    status: ERROR_STATUS[code],
    headers: { "cache-control": "no-store", ...Object.fromEntries(new Headers(headers)) },
  });
}

/** Maps anything thrown by a route to a response; unexpected errors are logged and become a 500. */
export function responseForError(error: unknown): Response {
  if (error instanceof HttpError) return errorResponse(error.code, error.message);
  if (error instanceof RateLimited) {
    return errorResponse("rate_limited", error.message, undefined, {
      "retry-after": String(Math.max(1, Math.ceil(error.retryAfterSeconds))),
    });
  }
  if (error instanceof Unauthenticated) {
    return errorResponse("unauthenticated", error.message, undefined, { "www-authenticate": 'Bearer realm="keel"' });
  }
  if (error instanceof MfaRequired) {
    return Response.json(
      { error: { code: error.code, message: error.message, mfaToken: error.mfaToken } } satisfies ErrorBody,
      { status: ERROR_STATUS.mfa_required, headers: { "cache-control": "no-store" } },
    );
  }
  if (error instanceof DomainError) return errorResponse(error.code, error.message, error.fields);
  if (error instanceof z.ZodError) {
    return errorResponse("validation_failed", "The request is not valid.", fieldErrorsOf(error));
  }
  if (isDatabaseUnavailable(error)) {
    log.warn("database unavailable", { error: error instanceof Error ? error.message : String(error) });
    return errorResponse("unavailable", "The service is temporarily unavailable. Try again shortly.");
  }
  log.error("unhandled error in route", error);
  return errorResponse("internal_error", "Something went wrong on our side.");
}
