/**
 * The wrapper every API route handler goes through. In one place it:
 * - resolves the caller (bearer token or session cookie) and enforces the route's access level,
 *   401 without valid credentials, 403 when the role is not enough;
 * - refuses cross-site state-changing requests that ride on the session cookie (CSRF);
 * - turns whatever the handler throws into the API's error shape (lib/http/errors.ts);
 * - marks API responses as not cacheable.
 */
import type { NextRequest } from "next/server";
import { authenticate, type Caller, credentialsOf } from "@/lib/auth/guard";
import { Forbidden, Unauthenticated } from "@/lib/errors";
import { errorResponse, responseForError } from "./errors";
import { isSameOrigin } from "./origin";

/** Who may call a route: anyone, anyone (with the caller if signed in), a signed-in user, an admin. */
export type Access = "public" | "optional" | "user" | "admin";

type CallerFor<A extends Access> = A extends "public" ? null : A extends "optional" ? Caller | null : Caller;

export interface RouteArgs<Ctx, A extends Access> {
  request: NextRequest;
  context: Ctx;
  caller: CallerFor<A>;
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

async function callerFor(access: Access, request: NextRequest): Promise<Caller | null> {
  if (access === "public") return null;
  const caller = await authenticate(credentialsOf(request));
  if (!caller) {
    if (access === "optional") return null;
    throw new Unauthenticated();
  }
  if (access === "admin" && caller.user.role !== "ADMIN") throw new Forbidden("Only administrators may do this.");
  if (caller.via === "cookie" && !SAFE_METHODS.has(request.method) && !isSameOrigin(request.headers)) {
    throw new Forbidden("Cross-site requests with the session cookie are not allowed.");
  }
  return caller;
}

function finish(response: Response): Response {
  if (!response.headers.has("cache-control")) response.headers.set("cache-control", "no-store");
  return response;
}

export function route<A extends Access, Ctx = unknown>(
  access: A,
  handler: (args: RouteArgs<Ctx, A>) => Promise<Response> | Response,
): (request: NextRequest, context: Ctx) => Promise<Response> {
  return async (request, context) => {
    try {
      const caller = (await callerFor(access, request)) as CallerFor<A>;
      return finish(await handler({ request, context, caller }));
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
}

/** A route without callers at all (health): only the error mapping and cache headers. */
export function apiRoute<Ctx = unknown>(
  handler: (request: NextRequest, context: Ctx) => Promise<Response> | Response,
): (request: NextRequest, context: Ctx) => Promise<Response> {
  return route<"public", Ctx>("public", ({ request, context }) => handler(request, context));
}

export function json(data: unknown, init?: ResponseInit): Response {
  return Response.json(data, init);
}

export function noContent(init?: ResponseInit): Response {
  return new Response(null, { ...init, status: 204 });
}

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
type Method = (typeof METHODS)[number];

/**
 * Handlers for the methods a route does not implement: 405 in the API's error shape with an Allow
 * header (Next's own 405 has an empty body). Use as
 * `export const { PUT, DELETE } = otherMethods("GET", "POST");`
 */
export function otherMethods(...allowed: Method[]): Record<Method, () => Response> {
  const allow = allowed.join(", ");
  const handler = () => errorResponse("method_not_allowed", `This route accepts ${allow}.`, undefined, { allow });
  return Object.fromEntries(METHODS.map((method) => [method, handler])) as Record<Method, () => Response>;
}
