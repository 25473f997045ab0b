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
