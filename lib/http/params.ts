/** Path parameters. A malformed id names no resource, so it is a 404 like a missing one. */
import { z } from "zod";
import { NotFound } from "@/lib/errors";

/** A route's dynamic path segments: the schema the document shows, and the parser the route uses. */
export interface PathParams<Out = unknown> {
  schema: z.ZodObject;
  parse(raw: Record<string, string | string[] | undefined>): Out;
}

export function idParam(value: string | undefined, what = "resource"): number {
  if (!value || !/^[1-9][0-9]{0,9}$/.test(value) || Number(value) > 2_147_483_647) {
    throw new NotFound(`There is no such ${what}.`);
  }
  return Number(value);
}

/** `{id}`: a positive 32-bit integer naming one `what` (order, user). */
export function idPath(what: string): PathParams<{ id: number }> {
  return {
    schema: z.object({ id: z.string().regex(/^[1-9][0-9]*$/).meta({ description: `The ${what}'s id.`, example: "42" }) }),
    parse: (raw) => ({ id: idParam(typeof raw.id === "string" ? raw.id : undefined, what) }),
  };
}
