// NextAuth's own routes for the web app: sign-in with credentials, sign-out, session, CSRF token.
import NextAuth from "next-auth";
import type { NextRequest } from "next/server";
import { deviceCookie, deviceTokenFromCookies } from "@/lib/auth/device-tokens";
import { nextAuthOptions, type WebSignInDevice } from "@/lib/auth/nextauth";
import { secureCookiesFor } from "@/lib/http/origin";

type Context = { params: Promise<{ nextauth: string[] }> };

async function handler(request: NextRequest, context: Context): Promise<Response> {
  const secureCookies = secureCookiesFor(request.headers);
  // The browser's device token goes into this request's sign-in; a successful sign-in hands back a
  // fresh one, set here because NextAuth's authorize() cannot set cookies (lib/auth/device-tokens.ts).
  const device: WebSignInDevice = { presented: deviceTokenFromCookies(request.headers.get("cookie"), secureCookies) };
  const response: Response = await NextAuth(request, context, nextAuthOptions({ secureCookies, device }));
  if (device.issued) response.headers.append("set-cookie", deviceCookie(device.issued, secureCookies));
  return response;
}

export { handler as GET, handler as POST };
