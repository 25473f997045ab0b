/**
 * One declaration per API operation, and the wrapper every route handler goes through.
 *
 * An operation is declared once, beside its handler in app/api/v1/**\/route.ts: method, path,
 * access, request schemas (body, query, path), responses, the errors its domain function raises and
 * its documentation. From that declaration:
 * - this wrapper validates the request and hands the handler typed `body`, `query` and `params`;
 * - lib/http/openapi.ts writes the OpenAPI document (app/api/v1/operations.ts lists them all);
 * - the contract test takes its list of routes.
 *
 * In one place the wrapper also:
 * - resolves the caller (bearer token or session cookie) and enforces the route's access level,
 *   401 without valid credentials, 403 when the role is not enough;
 * - refuses cross-site state-changing requests that ride on the session cookie (CSRF);
 * - turns whatever the handler throws into the API's error shape (lib/http/errors.ts);
 * - marks API responses as not cacheable.
 */
import { trace } from "@opentelemetry/api";
import type { NextRequest } from "next/server";
import type { z } from "zod";
import { apiKeyOf, authenticateApiKey } from "@/lib/api-keys/authenticate";
import type { ApiKeyScope } from "@/lib/api-keys/scopes";
import { type Access, ADMINS_ONLY, type CallerFor, requireAccess } from "@/lib/auth/sessions/access";
import { authenticate, type Caller, credentialsOf } from "@/lib/auth/sessions/guard";
import type { FragmentRequest } from "@/lib/auth/sessions/session-fragment";
import { clientIp } from "@/lib/client-ip";
import { type ErrorCode, Forbidden } from "@/lib/errors";
import { noteTrace } from "@/lib/request-context";
import { parseBody, parseQuery } from "./body";
import { errorResponse, responseForError } from "./errors";
import { isPending } from "./maybe-promise";
import { isSameOrigin } from "./origin";
import type { PathParams } from "./params";
import { metaOf, type RequestMeta } from "./request-meta";

// The access vocabulary is the one of lib/auth/sessions/access.ts (route declarations, forms, pages).
export type { Access };

export const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
export type Method = (typeof METHODS)[number];

/** The groups of the OpenAPI document, in the order it lists them. */
export const TAGS = {
  Auth: "Registration, tokens for mobile clients, sign-out.",
  Profile: "The signed-in user's own account.",
  "Shipping and orders": undefined,
  Payments: "Paying for orders: Stripe (web and the mobile SDK), the test provider, Stripe's webhook.",
  Administration: "ADMIN role only; everyone else gets 403.",
  Integrations: "API keys and signed webhooks, for other backends (shops, marketplaces, warehouses).",
  Operations: undefined,
} as const satisfies Record<string, string | undefined>;
export type Tag = keyof typeof TAGS;

export interface ResponseSpec {
  description: string;
  /** The JSON body; none for a 204. */
  schema?: z.ZodType;
  /** A body that is not JSON (a PDF): its media type; `schema` then describes it (binary). */
  mediaType?: string;
  headers?: z.ZodObject;
}

/** A body schema, or nothing; `unknown` when no schema is declared. */
type Parsed<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface Operation<
  A extends Access = Access,
  B extends z.ZodType | undefined = z.ZodType | undefined,
  Q extends z.ZodType | undefined = z.ZodType | undefined,
  P extends PathParams | undefined = PathParams | undefined,
> {
  method: Method;
  /** The OpenAPI path (`{id}` for a dynamic segment); the route file sits at the same place under app/. */
  path: `/api/v1/${string}`;
  operationId: string;
  tag: Tag;
  summary: string;
  /** A function when the text quotes configuration, which is read when the document is built. */
  description?: string | (() => string);
  access: A;
  body?: B;
  /** An empty body reads as `{}` (for routes whose fields are all optional). */
  bodyOptional?: boolean;
  query?: Q;
  params?: P;
  responses: Partial<Record<number, ResponseSpec>>;
  /**
   * Errors the domain function raises. Those that follow from the rest of the declaration are added
   * by themselves: 400/413/415 with a body, 400 with a query, 404 with a path id, 401 unless public,
   * 403 for admins and for state-changing calls (cross-site cookie), 503 unless `database: false`.
   */
  errors?: ErrorCode[];
  /** False for the routes that answer without the database (liveness, this document). */
  database?: boolean;
  /**
   * A public route that checks a secret of its own instead of a user (the cron route): the document
   * names that scheme. The handler does the check; the wrapper knows nothing of it.
   */
  security?: "cronSecret";
  /**
   * Data the handler needs besides the caller, read in the session check's own statement so the
   * request makes one database round trip (lib/auth/sessions/session-fragment.ts): the domain's
   * fragments, `[preload(orderFragment, { orderId })]`; the domain function then takes them from the
   * caller. For the hot routes only. Either a fixed list, or a function of the parsed path and query
   * for fragments that need them (an order's id, a page's window). The function is called only when
   * path and query parse; if it throws (a bad cursor), the request preloads nothing and the domain
   * function raises the error in its usual place, so the order of checks (401 before 404 before
   * 400) is the same either way.
   */
  sessionExtras?: readonly FragmentRequest[] | ((input: RequestInput<Q, P>) => readonly FragmentRequest[]);
  /**
   * The scope an API key (`Bearer keel_sk_...`, lib/api-keys) needs to call this route; the key then
   * acts as its owner. Absent: keys are refused (403), which is what profile, security, key, webhook
   * and administration routes want, and what a new route gets until someone decides otherwise.
   * app/api/v1/operations.test.ts lists the routes that take keys, so the choice is always seen.
   */
  apiKeyScope?: ApiKeyScope;
  /**
   * What the API reference shows for this operation (lib/http/openapi.ts puts them on the document's
   * request body, first success and parameters). Required, so no operation goes undocumented;
   * app/api/v1/examples.test.ts checks each against the operation's own schemas.
   */
  examples: OperationExamples;
}

/**
 * `request`: the JSON body (only for operations that take one); `params` and `query`: values of the
 * path and query parameters; `response`: the body of the first success status, or `null` when that
 * status has no JSON body (204, a PDF).
 */
export interface OperationExamples {
  request?: unknown;
  query?: Record<string, string | number>;
  params?: Record<string, string | number>;
  response: unknown;
}

/** The parsed path and query, as handlers and `sessionExtras` see them. */
export interface RequestInput<Q, P> {
  query: Parsed<Q>;
  params: P extends PathParams<infer Out> ? Out : undefined;
}

export interface RouteArgs<A extends Access, B, Q, P> extends RequestInput<Q, P> {
  request: NextRequest;
  caller: CallerFor<A>;
  /** Who asks, from where, with what: for the domain functions that record it (lib/http/request-meta.ts). */
  meta: RequestMeta;
  body: Parsed<B>;
}

/** What Next passes as the second argument: the dynamic segments of the path. */
export interface RouteContext {
  params: Promise<Record<string, string | string[] | undefined>>;
}

export type RouteHandler = ((request: NextRequest, context: RouteContext) => Promise<Response>) & { operation: Operation };

export const SAFE_METHODS: ReadonlySet<string> = new Set(["GET", "HEAD", "OPTIONS"]);

async function callerFor(
  access: Exclude<Access, "public">,
  request: NextRequest,
  extras: readonly FragmentRequest[],
  apiKeyScope: ApiKeyScope | undefined,
): Promise<Caller | null> {
  const key = apiKeyOf(request.headers.get("authorization"));
  if (key !== null) {
    const caller = await authenticateApiKey(key, clientIp(request.headers));
    if (apiKeyScope === undefined) throw new Forbidden("API keys cannot be used on this route; sign in as a person.");
    if (!caller.apiKey.scopes.includes(apiKeyScope)) throw new Forbidden(`This API key lacks the scope "${apiKeyScope}".`);
    // A key acts as its owner, but never as an administrator, whatever the owner's role.
    if (access === "admin") throw new Forbidden(ADMINS_ONLY);
    return caller;
  }
  const caller = requireAccess(await authenticate(credentialsOf(request), extras), access);
  if (!caller) return null;
  if (caller.via === "cookie" && !SAFE_METHODS.has(request.method) && !isSameOrigin(request.headers)) {
    throw new Forbidden("Cross-site requests with the session cookie are not allowed.");
  }
  return caller;
}

/**
 * A parse whose error waits until it is awaited. The returned promise is marked handled at once, so
 * a failure that is raised later (after a 401 that ends the request first) is not reported as an
 * unhandled rejection.
 */
function attempt<T>(parse: () => Promise<T>): Promise<T> {
  const result = parse();
  result.catch(() => undefined);
  return result;
}

const NO_EXTRAS: readonly FragmentRequest[] = Object.freeze([]);

/**
 * The fragments a request asks the session check for: a route's fixed list as it is; only a
 * function of the path and query is called per request, once they are parsed.
 */
function extrasOf<Q, P>(
  declared: readonly FragmentRequest[] | ((input: RequestInput<Q, P>) => readonly FragmentRequest[]) | undefined,
): readonly FragmentRequest[] | ((params: Promise<unknown> | undefined, query: Promise<unknown> | undefined) => Promise<readonly FragmentRequest[]>) {
  if (declared === undefined) return NO_EXTRAS;
  if (typeof declared !== "function") return Object.freeze([...declared]);
  return async (params, query) => {
    try {
      // Typed by the operation's own schemas: these are the values the handler gets as params and query.
      return declared({ params: await params, query: await query } as RequestInput<Q, P>);
    } catch {
      return NO_EXTRAS;
    }
  };
}

function finish(response: Response): Response {
  if (!response.headers.has("cache-control")) response.headers.set("cache-control", "no-store");
  return response;
}

/**
 * A route handler from its declaration. The order of checks is the one the API has always had:
 * caller (401/403), path id (404), body (415/413/400), query (400); then the handler.
 */
export function route<
  A extends Access,
  B extends z.ZodType | undefined = undefined,
  Q extends z.ZodType | undefined = undefined,
  P extends PathParams | undefined = undefined,
>(
  operation: Operation<A, B, Q, P>,
  handler: (args: RouteArgs<A, B, Q, P>) => Promise<Response> | Response,
): RouteHandler {
  const extrasFor = extrasOf(operation.sessionExtras);
  const { params: paramsSchema, query: querySchema } = operation;
  const handle = async (request: NextRequest, context: RouteContext): Promise<Response> => {
    // Tracing on: the request's last log line (written after its spans end) names its trace.
    noteTrace(trace.getActiveSpan()?.spanContext().traceId);
    try {
      // Path and query are read first (the session check may need them), their errors raised in the
      // usual order: after the caller's, the path's before the body's, the query's last. A route
      // without them, or without a caller, awaits nothing for them: every await is a promise, and
      // promises are what Node 20's async hooks make dear (docs/performance.md).
      const params = paramsSchema ? attempt(async () => paramsSchema.parse(await context.params)) : undefined;
      const query = querySchema ? attempt(async () => parseQuery(request, querySchema)) : undefined;
      const extras = typeof extrasFor === "function" ? await extrasFor(params, query) : extrasFor;
      const caller = (operation.access === "public" ? null : await callerFor(operation.access, request, extras, operation.apiKeyScope)) as CallerFor<A>;
      const parsedParams = params && (await params);
      // Not awaited when the body was already there, nor the answer when the handler gave it at once:
      // an await is a promise, paid on every request. The domain functions behind the handler return
      // plain values or promises; deciding that nothing is pending is this wrapper's job alone.
      const parsed = operation.body ? parseBody(request, operation.body, { allowEmpty: operation.bodyOptional ?? false }) : undefined;
      const body = isPending(parsed) ? await parsed : parsed;
      const parsedQuery = query && (await query);
      const meta = metaOf(request.headers, caller);
      const response = handler({ request, caller, meta, body, query: parsedQuery, params: parsedParams } as RouteArgs<A, B, Q, P>);
      return finish(isPending(response) ? await response : response);
    } catch (error) {
      try {
        return finish(responseForError(error));
      } catch {
        // The mapper itself failed (it should not): still answer in the API's shape.
        return Response.json(
          { error: { code: "internal_error", message: "Something went wrong on our side." } },
          { status: 500, headers: { "cache-control": "no-store" } },
        );
      }
    }
  };
  return Object.assign(handle, { operation: operation as Operation });
}

export function json(data: unknown, init?: ResponseInit): Response {
  return Response.json(data, init);
}

export function noContent(init?: ResponseInit): Response {
  return new Response(null, { ...init, status: 204 });
}

/**
 * Next's five method exports of a route file, from the operations it declares: each declared
 * handler under its own method, and for the rest a 405 in the API's error shape with an Allow header
 * (Next's own 405 has an empty body and no Allow). Every route file ends with the same line, so
 * nobody lists by hand which methods to refuse:
 * `export const { GET, POST, PUT, PATCH, DELETE } = routeMethods(listOrders, createOrder);`
 * (Next needs the names as static exports; app/api/v1/operations.test.ts checks they agree.)
 */
export function routeMethods(...declared: RouteHandler[]): Record<Method, RouteHandler | MethodNotAllowed> {
  const byMethod = new Map<Method, RouteHandler>();
  for (const handler of declared) {
    const { method, path } = handler.operation;
    if (byMethod.has(method)) throw new Error(`${method} ${path} is declared twice`);
    byMethod.set(method, handler);
  }
  const allow = METHODS.filter((method) => byMethod.has(method)).join(", ");
  const refuse: MethodNotAllowed = () => errorResponse("method_not_allowed", `This route accepts ${allow}.`, undefined, { allow });
  return Object.fromEntries(METHODS.map((method) => [method, byMethod.get(method) ?? refuse])) as Record<Method, RouteHandler | MethodNotAllowed>;
}

/** The answer to a method the route file declares no operation for. */
export type MethodNotAllowed = () => Response;
