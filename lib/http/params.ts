/**
 * Path parameters. A malformed id names no resource, so it is a 404 like a missing one: the API
 * answers its not_found error, a page Next's not-found page. Both read the id the same way.
 */
import { notFound } from "next/navigation";
import { z } from "zod";
import { NotFound } from "@/lib/errors";

const MAX_ID = 2_147_483_647;

/** A route's dynamic path segments: the schema the document shows, and the parser the route uses. */
export interface PathParams<Out = unknown> {
  schema: z.ZodObject;
  parse(raw: Record<string, string | string[] | undefined>): Out;
}

/** A positive integer id as Postgres stores it (int4), written plainly; otherwise null. */
export function parseIdParam(value: string | undefined): number | null {
  if (!value || !/^[1-9][0-9]{0,9}$/.test(value) || Number(value) > MAX_ID) return null;
  return Number(value);
}

/** For route handlers: the id, or NotFound (404 not_found). */
export function idParam(value: string | undefined, what = "resource"): number {
  const id = parseIdParam(value);
  if (id === null) throw new NotFound(`There is no such ${what}.`);
  return id;
}

/**
 * For pages: the id, or Next's notFound(). A page must not call idParam: its NotFound is thrown
 * outside the page's own error handling and becomes a 500.
 */
export function pageIdParam(value: string | undefined): number {
  const id = parseIdParam(value);
  if (id === null) notFound();
  return id;
}

/** `{id}`: a positive 32-bit integer naming one `what` (order, user). */
export function idPath(what: string): PathParams<{ id: number }> {
  return {
    schema: z.object({ id: z.string().regex(/^[1-9][0-9]*$/).meta({ description: `The ${what}'s id.`, example: "42" }) }),
    parse: (raw) => ({ id: idParam(typeof raw.id === "string" ? raw.id : undefined, what) }),
  };
}
