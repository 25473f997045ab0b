/**
 * The wrapper for server actions that read (the admin user list's pages and counts), beside
 * formAction for those that write. Server actions can be called by anyone with any arguments (they
 * are POST endpoints), and one that throws is a bare 500: so a refusal (not signed in, not an
 * administrator any more, a forged filter, a stale cursor) is an answer, and the caller's query
 * turns it into its error state. Unexpected errors are still thrown.
 */
import "server-only";
import type { z } from "zod";
import { type Access, type CallerFor, requireAccess } from "@/lib/auth/sessions/access";
import { getCaller } from "@/lib/auth/sessions/current-user";
import { DomainError } from "@/lib/errors";
import { type RequestMeta, requestMeta } from "@/lib/http/request-meta";

/** What a read action answers. */
export type ReadResult<T> = { ok: true; value: T } | { ok: false; message: string };

export function readAction<S extends z.ZodType, A extends Access, T>(
  access: A,
  schema: S,
  handler: (input: z.output<S>, context: { caller: CallerFor<A>; meta: RequestMeta }) => Promise<T>,
  /** The answer to arguments the schema refuses (they never come from our own pages). */
  invalid = "The request is not valid.",
): (input?: unknown) => Promise<ReadResult<T>> {
  return async (input) => {
    try {
      // Access first: someone who may not read the list learns nothing about its filters.
      const caller = requireAccess(access === "public" ? null : await getCaller(), access);
      const parsed = schema.safeParse(input);
      if (!parsed.success) return { ok: false, message: invalid };
      return { ok: true, value: await handler(parsed.data, { caller, meta: await requestMeta(caller) }) };
    } catch (error) {
      if (error instanceof DomainError) return { ok: false, message: error.message };
      throw error;
    }
  };
}
