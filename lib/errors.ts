/**
 * The typed errors that domain functions throw. They say what went wrong in the product's terms;
 * lib/http/errors.ts is the one place that turns them into HTTP statuses and the API's error shape,
 * and server actions turn them into form errors. Nothing outside lib/http builds an error body.
 */

/**
 * Every error code the API can answer with, and its HTTP status: the one list. The `ErrorCode` type,
 * the zod enum of the error schema (lib/http/errors.ts) and the OpenAPI error responses derive from
 * it, so a new code is added here and nowhere else.
 */
export const ERROR_STATUS = {
  validation_failed: 400,
  invalid_json: 400,
  invalid_token: 400,
  unauthenticated: 401,
  mfa_required: 401,
  payment_declined: 402,
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
} as const satisfies Record<string, number>;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** Field name -> messages, as in the API's `error.fields`. */
export type FieldErrors = Record<string, string[]>;

export abstract class DomainError extends Error {
  abstract readonly code: ErrorCode;
  readonly fields?: FieldErrors;

  constructor(message: string, fields?: FieldErrors) {
    super(message);
    this.name = new.target.name;
    if (fields) this.fields = fields;
  }
}

// Each error below is a class of its own with the same few lines (code, default message), on purpose
// (duplicates lists them): a class per error is what `instanceof` and `catch` narrow on, its `code`
// literal is what ERROR_STATUS and the OpenAPI document are typed by, and a factory would hide both.

/** Input that does not satisfy the contract (wrong type, missing field, out of range). */
export class ValidationFailed extends DomainError {
  readonly code = "validation_failed";
  constructor(message = "The request is not valid.", fields?: FieldErrors) {
    super(message, fields);
  }
}

/** No caller, or a token/cookie that is expired, revoked, tampered or malformed. */
export class Unauthenticated extends DomainError {
  readonly code = "unauthenticated";
  constructor(message = "Sign in to continue.") {
    super(message);
  }
}

/**
 * A reset or verification link's token that is unknown, spent, expired, or for an address the
 * account no longer has. Which of these it was is never said.
 */
export class InvalidToken extends DomainError {
  readonly code = "invalid_token";
  constructor(message = "This link is invalid or has expired. Ask for a new one.") {
    super(message);
  }
}

/**
 * The password was right and the account has two-factor authentication on: the sign-in goes on at
 * POST /api/v1/auth/token/two-factor with `mfaToken` (5 minutes, single use) and a code.
 */
export class MfaRequired extends DomainError {
  readonly code = "mfa_required";
  constructor(
    readonly mfaToken: string,
    message = "Enter the code from your authenticator app to finish signing in.",
  ) {
    super(message);
  }
}

/** The card was declined (the test provider's declined card); nothing was charged, the order stays placed. */
export class PaymentDeclined extends DomainError {
  readonly code = "payment_declined";
  constructor(message = "Your card was declined. Nothing was charged; try another card.") {
    super(message);
  }
}

/** The caller is known but may not do this. */
export class Forbidden extends DomainError {
  readonly code = "forbidden";
  constructor(message = "You are not allowed to do this.") {
    super(message);
  }
}

/** The thing does not exist, or exists but belongs to someone else (we do not say which). */
export class NotFound extends DomainError {
  readonly code = "not_found";
  constructor(message = "Not found.") {
    super(message);
  }
}

/** The request clashes with the current state (a taken username, the last admin). */
export class Conflict extends DomainError {
  readonly code = "conflict";
  constructor(message: string, fields?: FieldErrors) {
    super(message, fields);
  }
}

/** An order status change that the lifecycle does not allow (shipped -> cancelled, ...). */
export class IllegalTransition extends DomainError {
  readonly code = "illegal_transition";
  constructor(message: string) {
    super(message);
  }
}

/** Too many attempts; the caller may retry after `retryAfterSeconds`. */
export class RateLimited extends DomainError {
  readonly code = "rate_limited";
  constructor(
    readonly retryAfterSeconds: number,
    message = "Too many attempts. Try again later.",
  ) {
    super(message);
  }
}

/** A dependency (the database) cannot be reached right now; retrying later may work. */
export class Unavailable extends DomainError {
  readonly code = "unavailable";
  constructor(message = "The service is temporarily unavailable. Try again shortly.") {
    super(message);
  }
}
