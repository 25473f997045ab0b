/**
 * One value per process. Next compiles a module into several bundles (route handlers, server actions,
 * instrumentation, the standalone server) and the dev server re-evaluates modules on every change,
 * so a module-level `let` can exist several times in one process: a second database pool, a second
 * Redis connection, a second job worker. Values kept here live once, under a name, on globalThis.
 *
 * This is the only module that touches globalThis for that purpose; lib/process-singleton.test.ts
 * fails on any other use.
 *
 * - `processSingleton(name, create)`: a value made once (a client, a pool, a parsed configuration).
 * - `processState(name, init)`: an object whose fields a module reads and writes (a flag set at
 *   shutdown, the worker in progress, a client cached for one configuration).
 * - `forgetProcessSingleton(name)`: drops a value (a closed connection, a reset in a test).
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

/**
 * Mutable state shared by every copy of a module in this process: the object named `name`, made by
 * `init` on first use; the module changes its fields. A module usually keeps it in a module-level
 * constant, so do not forget a state (the module would keep the old object): reset its fields.
 */
export function processState<T extends object>(name: string, init: () => T): T {
  return processSingleton(name, init);
}

/**
 * Forgets the value (a closed connection, a stopped worker), so the next use creates a fresh one.
 * Returns what was kept, if anything, for the caller to close; `T` is the type it stored under `name`.
 */
export function forgetProcessSingleton<T = unknown>(name: string): T | undefined {
  const value = store.get(name) as T | undefined;
  store.delete(name);
  return value;
}
