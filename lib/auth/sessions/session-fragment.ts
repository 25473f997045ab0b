/**
 * Session fragments: data a domain lets the session statement read in the same round trip as the
 * caller (lib/auth/sessions/session-user.ts), declared by that domain beside its own rules. The
 * order row's SQL lives in lib/orders, the loyalty count's in lib/shipping; the auth check only
 * assembles the fragments a route asks for, and knows none of their columns.
 *
 * A fragment has one SQL expression (over the user row `u`, with its own bound parameters), a parser
 * for what the expression returns (JSON carries no types), and `read`: the same data without the
 * statement. A domain function asks `fragmentValue(user, fragment, args)` and gets the statement's
 * value when the request preloaded this fragment with these very arguments, otherwise `read`'s: one
 * path in the domain, whichever adapter called it.
 */
export interface SessionFragment<Args, Value> {
  /** The column's name in the statement: unique across fragments, and part of the prepared statement's name. */
  readonly column: string;
  /** Its SQL expression (the user row is `u`); `param(i)` is the placeholder of `values(args)[i]`. */
  readonly sql: (param: (index: number) => string) => string;
  /** Its parameters, in the order `sql` numbers them. */
  readonly values: (args: Args) => readonly unknown[];
  /**
   * The column's value as the domain uses it; throws when it is not what the SQL promises. A plain
   * check, no I/O: a fragment whose value leads to more data (the rate table's key) returns the key,
   * and the domain function looks the rest up.
   */
  readonly parse: (raw: unknown) => Value;
  /** The same data read without the statement (a page, a server action, a route that did not preload it). */
  readonly read: (userId: number, args: Args) => Promise<Value>;
}

/** A fragment as the assembler sees it (its arguments already turned into parameter values). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the assembler handles fragments of every argument type alike
export type AnyFragment = SessionFragment<any, unknown>;

/** One fragment a request asks the session statement for, with its parameter values. */
export interface FragmentRequest {
  readonly fragment: AnyFragment;
  readonly values: readonly unknown[];
}

/** What the statement read for one fragment: the raw column and the parameters it was read with. */
export interface PreloadedFragment {
  readonly values: readonly unknown[];
  readonly raw: unknown;
}

/** The part of the caller a domain function needs to take a fragment's value. */
export interface FragmentHolder {
  readonly id: number;
  readonly preloaded?: ReadonlyMap<AnyFragment, PreloadedFragment>;
}

type ArgsParameter<Args> = [Args] extends [void] ? [] : [args: Args];

/** Declares a fragment (a typed identity: the declaration is the fragment). */
export function sessionFragment<Value, Args = void>(fragment: SessionFragment<Args, Value>): SessionFragment<Args, Value> {
  return fragment;
}

/** A route's request for a fragment: `preload(orderFragment, { orderId })`, `preload(orderCountFragment)`. */
export function preload<Args, Value>(fragment: SessionFragment<Args, Value>, ...args: ArgsParameter<Args>): FragmentRequest {
  return { fragment, values: fragment.values(args[0] as Args) };
}

const sameValues = (a: readonly unknown[], b: readonly unknown[]) => a.length === b.length && a.every((value, index) => Object.is(value, b[index]));

/**
 * The fragment's value for this user: the session statement's when the request preloaded it with
 * the same arguments (a promise already settled: nothing more is read), otherwise read. Always a
 * promise, as every domain function that may read is: whether anything is still pending is the
 * transport's question (lib/http/route.ts), not the domain's.
 */
export async function fragmentValue<Args, Value>(user: FragmentHolder, fragment: SessionFragment<Args, Value>, ...args: ArgsParameter<Args>): Promise<Value> {
  const preloaded = user.preloaded?.get(fragment);
  const given = args[0] as Args;
  if (preloaded && sameValues(preloaded.values, fragment.values(given))) return fragment.parse(preloaded.raw);
  return fragment.read(user.id, given);
}
