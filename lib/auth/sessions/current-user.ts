/**
 * The caller for server components and server actions, through the same guard as the API. Cached
 * per request (React `cache`), so a page and its layout resolve the session once.
 */
import "server-only";
import { cookies, headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import { Forbidden, Unauthenticated } from "@/lib/errors";
import { requireAccess } from "./access";
import { authenticate, type Caller } from "./guard";

export const getCaller = cache(async (): Promise<Caller | null> => {
  const [headerList, cookieStore] = await Promise.all([headers(), cookies()]);
  try {
    return await authenticate({
      authorization: headerList.get("authorization"),
      cookie: (name) => cookieStore.get(name)?.value,
    });
  } catch (error) {
    if (error instanceof Unauthenticated) return null;
    throw error;
  }
});

/** The signed-in caller, or a redirect to sign-in that comes back to `returnTo` afterwards. */
export async function requireCaller(returnTo: string): Promise<Caller> {
  const caller = await getCaller();
  if (!caller) redirect(`/signin?callbackUrl=${encodeURIComponent(returnTo)}`);
  return caller;
}

/**
 * A page behind an access level (lib/auth/sessions/access.ts): signed out, the sign-in page and back
 * to `returnTo`; signed in without the role, a 404, since the page does not exist for them (the API
 * answers 403 on its own).
 */
export async function requirePageAccess(access: "user" | "admin", returnTo: string): Promise<Caller> {
  const caller = await requireCaller(returnTo);
  try {
    return requireAccess(caller, access);
  } catch (error) {
    if (error instanceof Forbidden) notFound();
    throw error;
  }
}
