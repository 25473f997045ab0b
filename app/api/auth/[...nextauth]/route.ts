// NextAuth's own routes for the web app: sign-in with credentials or an identity provider, sign-out,
// session, CSRF token.
import NextAuth from "next-auth";
import type { NextRequest } from "next/server";
import { deviceCookie, deviceTokenFromCookies } from "@/lib/auth/credentials/device-tokens";
import { nextAuthOptions, type WebIdentitySignIn, type WebSignInDevice } from "@/lib/auth/web/nextauth";
import { decodeWebSession, SESSION_COOKIE_NAMES } from "@/lib/auth/sessions/session";
import { getConfig } from "@/lib/env";
import { expectedOrigin, secureCookiesFor } from "@/lib/http/origin";
import { metaOf } from "@/lib/http/request-meta";

type Context = { params: Promise<{ nextauth: string[] }> };

/**
 * On a provider's callback: the browser's current Keel session, if any. NextAuth v4 does not give
 * its callbacks the existing session, and a provider's sign-in while signed in must link the
 * provider to that account instead of signing in to another, so it is read here from the cookie
 * (verified and checked for revocation like on every request).
 */
async function currentSession(request: NextRequest) {
  for (const name of SESSION_COOKIE_NAMES) {
    const token = request.cookies.get(name)?.value;
    if (token) return (await decodeWebSession({ token, secret: getConfig().auth.secret })) ?? undefined;
  }
  return undefined;
}

async function handler(request: NextRequest, context: Context): Promise<Response> {
  const secureCookies = secureCookiesFor(request.headers);
  // The browser's device token goes into this request's sign-in; a successful sign-in hands back a
  // fresh one, set here because NextAuth's authorize() cannot set cookies (lib/auth/credentials/device-tokens.ts).
  const device: WebSignInDevice = { presented: deviceTokenFromCookies(request.headers.get("cookie"), secureCookies) };
  const [action, providerId] = (await context.params).nextauth;
  const identity: WebIdentitySignIn = { origin: expectedOrigin(request.headers) ?? new URL(request.url).origin };
  if (action === "callback" && providerId !== "credentials") identity.current = await currentSession(request);
  const response: Response = await NextAuth(request, context, nextAuthOptions({ secureCookies, meta: metaOf(request.headers, null), device, identity }));
  if (device.issued) response.headers.append("set-cookie", deviceCookie(device.issued, secureCookies));
  return response;
}

export { handler as GET, handler as POST };
