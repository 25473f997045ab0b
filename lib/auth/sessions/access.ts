/**
 * Who may do something: the one access vocabulary of Keel, used by the API's route declarations
 * (lib/http/route.ts), the server actions (lib/forms/action.ts, lib/forms/read-action.ts) and the
 * pages' guard (requirePageAccess in current-user.ts). Before issue 26 each adapter had its own list
 * and its own role check.
 */
import { Forbidden, Unauthenticated } from "@/lib/errors";
import type { Caller } from "./guard";

/**
 * public: anyone, and the caller is not even looked up; optional: anyone, with the caller when
 * signed in; user: a signed-in user; admin: a signed-in administrator.
 */
export type Access = "public" | "optional" | "user" | "admin";

/** What the handler of an operation with that access is given as its caller. */
export type CallerFor<A extends Access> = A extends "public" ? null : A extends "optional" ? Caller | null : Caller;

export const ADMINS_ONLY = "Only administrators may do this.";

/**
 * The caller if `access` lets them in: Unauthenticated without one where one is needed, Forbidden
 * when the role is not enough. A public access never has a caller (the adapters do not resolve it).
 */
export function requireAccess<A extends Access>(caller: Caller | null, access: A, signedOut?: string): CallerFor<A> {
  if (access === "public") return null as CallerFor<A>;
  if (!caller) {
    if (access === "optional") return null as CallerFor<A>;
    throw new Unauthenticated(signedOut);
  }
  if (access === "admin" && caller.user.role !== "ADMIN") throw new Forbidden(ADMINS_ONLY);
  return caller as CallerFor<A>;
}
