/**
 * The wrapper every API route handler goes through: whatever the handler throws becomes a response
 * in the API's error shape (lib/http/errors.ts), and API responses are never cached by browsers or
 * shared caches.
 */
import type { NextRequest } from "next/server";
import { responseForError } from "./errors";

type Handler<Ctx> = (request: NextRequest, context: Ctx) => Promise<Response> | Response;

export function apiRoute<Ctx = unknown>(handler: Handler<Ctx>): (request: NextRequest, context: Ctx) => Promise<Response> {
  return async (request, context) => {
    let response: Response;
    try {
      response = await handler(request, context);
    } catch (error) {
      response = responseForError(error);
    }
    if (!response.headers.has("cache-control")) response.headers.set("cache-control", "no-store");
    return response;
  };
}

export function json(data: unknown, init?: ResponseInit): Response {
  return Response.json(data, init);
}

export function noContent(): Response {
  return new Response(null, { status: 204 });
}
