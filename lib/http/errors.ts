/**
 * The one place where errors become HTTP responses in the API's error shape:
 * `{ "error": { "code", "message", "fields"? } }`. Route handlers never build error bodies by hand.
 */
import { z } from "zod";
import { isDatabaseUnavailable } from "@/lib/db/errors";
import { DomainError, type FieldErrors, RateLimited, Unauthenticated } from "@/lib/errors";
import { log } from "@/lib/log";

export type ErrorCode =
  | "validation_failed"
  | "invalid_json"
  | "unauthenticated"
  | "forbidden"
  | "not_found"
  | "method_not_allowed"
  | "conflict"
  | "illegal_transition"
  | "payload_too_large"
  | "unsupported_media_type"
  | "rate_limited"
  | "unavailable"
  | "internal_error";

const statusOf: Record<ErrorCode, number> = {
  validation_failed: 400,
  invalid_json: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  illegal_transition: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  unavailable: 503,
  internal_error: 500,
};

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
  error: { code: ErrorCode; message: string; fields?: FieldErrors };
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
  for (const issue of error.issues) {
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) add([...issue.path, key].join("."), "Unknown field.");
    } else {
      add(issue.path.length > 0 ? issue.path.join(".") : "_", issue.message);
    }
  }
  return Object.fromEntries(fields);
}

export function errorBody(code: ErrorCode, message: string, fields?: FieldErrors): ErrorBody {
  return { error: fields && Object.keys(fields).length > 0 ? { code, message, fields } : { code, message } };
}

export function errorResponse(code: ErrorCode, message: string, fields?: FieldErrors, headers?: HeadersInit): Response {
  return Response.json(errorBody(code, message, fields), {
    status: statusOf[code],
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
  if (error instanceof DomainError) return errorResponse(error.code as ErrorCode, error.message, error.fields);
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
