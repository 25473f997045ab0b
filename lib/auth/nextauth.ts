/**
 * NextAuth (v4) configuration for the web app: the credentials provider (username or email, and
 * password) with JWT sessions. Sign-in goes through the same verifyCredentials as the API, with the
 * same rate limits; sign-out revokes the session on the server, not only in the browser.
 */
import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { getDb } from "@/lib/db/client";
import { RateLimited, Unauthenticated } from "@/lib/errors";
import { getConfig } from "@/lib/env";
import { clientIp } from "@/lib/client-ip";
import { safeReturnTo } from "@/lib/forms/return-to";
import { log } from "@/lib/log";
import { verifyCredentials } from "./credentials";
import { signInInputSchema } from "./schemas";
import { decodeWebSession, encodeWebSession, newWebSession, revokeSession, revokeUntil, webSessionExpiry } from "./session";
import { RATE_LIMITED_ERROR_PREFIX } from "./sign-in-errors";

declare module "next-auth" {
  interface User {
    sessionVersion: number;
  }
}

let originConfigured = false;

/**
 * NextAuth finds its own URL from NEXTAUTH_URL, or from the request's Host when told to trust it;
 * it reads them from process.env, so they are set there once per process, not on every request.
 */
function configureNextAuthOrigin(): void {
  if (originConfigured) return;
  originConfigured = true;
  const { appUrl } = getConfig();
  if (appUrl) process.env.NEXTAUTH_URL = appUrl;
  else process.env.AUTH_TRUST_HOST = "1";
}

/**
 * The device token of one web sign-in request: the one the browser presented (its cookie), and the
 * fresh one to give it when the sign-in succeeds (set as a cookie by the route handler).
 */
export interface WebSignInDevice {
  presented?: string;
  issued?: string;
}

export function nextAuthOptions({ secureCookies, device = {} }: { secureCookies: boolean; device?: WebSignInDevice }): NextAuthOptions {
  configureNextAuthOrigin();
  const { auth } = getConfig();
  return {
    secret: auth.secret,
    useSecureCookies: secureCookies,
    session: { strategy: "jwt", maxAge: auth.sessionMaxAgeSeconds, updateAge: 24 * 60 * 60 },
    jwt: { maxAge: auth.sessionMaxAgeSeconds, encode: encodeWebSession, decode: decodeWebSession },
    pages: { signIn: "/signin", signOut: "/signout", error: "/signin" },
    providers: [
      CredentialsProvider({
        id: "credentials",
        name: "Username or email",
        credentials: {
          login: { label: "Username or email", type: "text" },
          password: { label: "Password", type: "password" },
        },
        async authorize(credentials, request) {
          const input = signInInputSchema.safeParse({ login: credentials?.login, password: credentials?.password });
          if (!input.success) return null;
          const headers = new Headers();
          for (const [name, value] of Object.entries(request?.headers ?? {})) {
            if (typeof value === "string") headers.set(name, value);
          }
          try {
            const { user, deviceToken } = await verifyCredentials(input.data, clientIp(headers), device.presented);
            device.issued = deviceToken;
            return { id: String(user.id), name: user.username, email: user.email, sessionVersion: user.sessionVersion };
          } catch (error) {
            if (error instanceof Unauthenticated) return null;
            if (error instanceof RateLimited) throw new Error(`${RATE_LIMITED_ERROR_PREFIX}${error.retryAfterSeconds}`);
            // NextAuth puts a thrown message into the redirect URL: never let internals reach it.
            log.error("web sign-in failed", error);
            throw new Error("unavailable");
          }
        },
      }),
    ],
    callbacks: {
      // The same return-address rule as the sign-in and registration pages (lib/forms/return-to.ts).
      // NextAuth's default throws on a URL it cannot parse (a 500) and passes control characters on.
      redirect({ url, baseUrl }) {
        // NextAuth's own default is the bare origin; keep it as it is.
        return url === baseUrl ? baseUrl : `${baseUrl}${safeReturnTo(url, "/", baseUrl)}`;
      },
      jwt({ token, user }) {
        return user ? newWebSession({ id: Number(user.id), sessionVersion: user.sessionVersion }) : token;
      },
      session({ session, token }) {
        return { expires: session.expires, user: { name: token.name ?? null } };
      },
    },
    events: {
      async signOut({ token }) {
        if (!token?.sid || !token.sub || !token.auth_time) return;
        await revokeSession(await getDb(), {
          sessionId: token.sid,
          userId: Number(token.sub),
          until: revokeUntil({ via: "cookie", expiresAt: webSessionExpiry(token.auth_time) }, auth.accessTokenTtlSeconds),
        });
      },
    },
    logger: {
      // A revoked or expired session cookie is an expected event, not a server error.
      error: (code, metadata) =>
        code === "JWT_SESSION_ERROR"
          ? log.info("session cookie rejected (expired, revoked or tampered)")
          : log.error(`next-auth ${code}`, metadata instanceof Error ? metadata : undefined),
      warn: (code) => log.warn(`next-auth ${code}`),
      debug: () => undefined,
    },
  };
}

