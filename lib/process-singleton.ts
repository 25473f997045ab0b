/**
 * One value per process. Next compiles a module into several bundles (route handlers, server actions,
 * instrumentation, the standalone server) and the dev server re-evaluates modules on every change,
 * so a module-level `let` can exist several times in one process: a second database pool, a second
 * Redis connection, a second job worker. Values kept here live once, under a name, on globalThis.
 */
const store: Map<string, unknown> = ((globalThis as { [key: symbol]: unknown })[Symbol.for("keel.process-singletons")] ??= new Map()) as Map<
  string,
  unknown
>;

/** The value named `name`, created by `create` on first use. A rejected promise is forgotten, so the next call tries again. */
export function processSingleton<T>(name: string, create: () => T): T {
  if (store.has(name)) return store.get(name) as T;
  const value = create();
  store.set(name, value);
  if (value instanceof Promise) {
    value.catch(() => {
      if (store.get(name) === value) store.delete(name);
    });
  }
  return value;
}

/** Forgets the value (a closed connection, a stopped worker), so the next use creates a fresh one. */
export function forgetProcessSingleton(name: string): void {
  store.delete(name);
}
