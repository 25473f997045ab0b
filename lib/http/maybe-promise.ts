/**
 * The transport's fast path: a value that is often ready at once and sometimes still on its way (a
 * body already read, a handler's answer). Domain functions never see this type: they return plain
 * values or promises, and only the transport (lib/http/route.ts, the body reader) decides that
 * nothing is pending. Running the next step at once when the value is there makes no promise: each
 * promise runs Node 20's async hooks for every AsyncLocalStorage in use, on every request
 * (docs/performance.md, "Fifth part" and "Sixth part").
 */
export type MaybePromise<T> = T | Promise<T>;

/** Whether the value still has to be waited for; the one place the transport asks. */
export function isPending<T>(value: MaybePromise<T>): value is Promise<T> {
  return value instanceof Promise;
}

/** The next step at once when the value is there, else after it. */
export function whenReady<T, U>(value: MaybePromise<T>, next: (ready: T) => U): MaybePromise<U> {
  return isPending(value) ? value.then(next) : next(value);
}
