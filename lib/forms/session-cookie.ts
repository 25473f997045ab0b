/**
 * The web session cookie from inside a server action (cookies() from next/headers), the counterpart
 * of lib/auth/cookies.ts, which does the same on API responses.
 */
import "server-only";
import { cookies, headers } from "next/headers";
import { SESSION_COOKIE_NAMES } from "@/lib/auth/guard";
import { webSessionCookie } from "@/lib/auth/web-session";
import { secureCookiesFor } from "@/lib/http/origin";

/** Signs this browser in as `user` with a new session (after registration or a password change). */
export async function setWebSession(user: { id: number; sessionVersion: number }): Promise<void> {
  const cookie = await webSessionCookie(user, secureCookiesFor(await headers()));
  (await cookies()).set(cookie.name, cookie.value, cookie.options);
}

/** Forgets this browser's session (the account is gone, so there is nothing to revoke). */
export async function clearWebSession(): Promise<void> {
  const store = await cookies();
  for (const name of SESSION_COOKIE_NAMES) {
    if (store.has(name)) store.set(name, "", { path: "/", maxAge: 0, httpOnly: true, sameSite: "lax", secure: name.startsWith("__Secure-") });
  }
}
