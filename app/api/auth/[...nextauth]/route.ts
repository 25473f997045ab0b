// NextAuth's own routes for the web app: sign-in with credentials, sign-out, session, CSRF token.
import NextAuth from "next-auth";
import type { NextRequest } from "next/server";
import { nextAuthOptions } from "@/lib/auth/nextauth";
import { secureCookiesFor } from "@/lib/http/origin";

type Context = { params: Promise<{ nextauth: string[] }> };

async function handler(request: NextRequest, context: Context): Promise<Response> {
  return NextAuth(request, context, nextAuthOptions({ secureCookies: secureCookiesFor(request.headers) }));
}

export { handler as GET, handler as POST };
