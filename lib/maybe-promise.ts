/**
 * A value that is often ready at once and sometimes still on its way (a body already read, a rate
 * table already kept). `whenReady` runs the next step at once when the value is there and makes no
 * promise then: each promise runs Node 20's async hooks for every AsyncLocalStorage in use, on every
 * request (docs/performance.md, "Fifth part").
 */
export type MaybePromise<T> = T | Promise<T>;

export function whenReady<T, U>(value: MaybePromise<T>, next: (ready: T) => U): MaybePromise<U> {
  return value instanceof Promise ? value.then(next) : next(value);
}

/** `whenReady` for two values: the next step at once when both are there, otherwise after both (never one left unhandled). */
export function whenBothReady<A, B, U>(first: MaybePromise<A>, second: MaybePromise<B>, next: (first: A, second: B) => U): MaybePromise<U> {
  if (first instanceof Promise || second instanceof Promise) return Promise.all([first, second]).then(([a, b]) => next(a, b));
  return next(first, second);
}
