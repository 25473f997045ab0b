/**
 * The typed errors that domain functions throw. They say what went wrong in the product's terms;
 * lib/http/errors.ts is the one place that turns them into HTTP statuses and the API's error shape,
 * and server actions turn them into form errors. Nothing outside lib/http builds an error body.
 */

/** Field name -> messages, as in the API's `error.fields`. */
export type FieldErrors = Record<string, string[]>;

export abstract class DomainError extends Error {
  abstract readonly code: string;
  readonly fields?: FieldErrors;

  constructor(message: string, fields?: FieldErrors) {
    super(message);
    this.name = new.target.name;
    if (fields) this.fields = fields;
  }
}

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
