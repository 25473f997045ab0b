/**
 * NextAuth (v4) configuration for the web app: the credentials provider (username or email, and
 * password) with JWT sessions. Sign-in goes through the same verifyCredentials as the API, with the
 * same rate limits; sign-out revokes the session on the server, not only in the browser.
 */
import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { getDb } from "@/lib/db/client";
import { InvalidToken, MfaRequired, RateLimited, Unauthenticated } from "@/lib/errors";
import { getConfig } from "@/lib/env";
import { clientIp } from "@/lib/client-ip";
import { safeReturnTo } from "@/lib/forms/return-to";
import { log } from "@/lib/log";
import { verifyCredentials } from "./credentials";
import { signInInputSchema } from "./schemas";
import { recordActivity } from "./activity";
import { issueDeviceToken } from "./device-tokens";
import { decodeWebSession, encodeWebSession, revokeSession, revokeUntil, startWebSession, webSessionExpiry } from "./session";
import { MFA_REQUIRED_ERROR_PREFIX, RATE_LIMITED_ERROR_PREFIX } from "./sign-in-errors";
import { completeSecondFactor, requireSecondFactor, twoFactorSignInSchema } from "./two-factor";

declare module "next-auth" {
  interface User {
    sessionVersion: number;
    /** The client presented no device token for the account: the sign-in notice is e-mailed. */
    newDevice?: boolean;
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

/**
 * What a provider's authorize() answers for a sign-in that did not succeed. NextAuth puts a thrown
 * message into the sign-in page's URL: only the codes the form understands ever reach it.
 */
function signInFailure(error: unknown): null {
  if (error instanceof Unauthenticated || error instanceof InvalidToken) return null;
  if (error instanceof MfaRequired) throw new Error(`${MFA_REQUIRED_ERROR_PREFIX}${error.mfaToken}`);
  if (error instanceof RateLimited) throw new Error(`${RATE_LIMITED_ERROR_PREFIX}${error.retryAfterSeconds}`);
  log.error("web sign-in failed", error);
  throw new Error("unavailable");
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
            const { user, deviceId, deviceToken } = await verifyCredentials(input.data, clientIp(headers), device.presented);
            // With 2FA on, the form asks for a code and signs in through the `two-factor` provider.
            await requireSecondFactor({ user, deviceId });
            device.issued = deviceToken;
            return { id: String(user.id), name: user.username, email: user.email, sessionVersion: user.sessionVersion, newDevice: deviceId === null };
          } catch (error) {
            return signInFailure(error);
          }
        },
      }),
      // The second step of a sign-in with 2FA on: the mfaToken of the first step and a code.
      CredentialsProvider({
        id: "two-factor",
        name: "Two-factor code",
        credentials: {
          mfaToken: { label: "Sign-in token", type: "hidden" },
          code: { label: "Code", type: "text" },
        },
        async authorize(credentials, request) {
          const input = twoFactorSignInSchema.safeParse({ mfaToken: credentials?.mfaToken, code: credentials?.code });
          if (!input.success) return null;
          const headers = new Headers();
          for (const [name, value] of Object.entries(request?.headers ?? {})) {
            if (typeof value === "string") headers.set(name, value);
          }
          try {
            const { user, deviceId } = await completeSecondFactor(input.data.mfaToken, input.data.code, clientIp(headers));
            device.issued = await issueDeviceToken(user.id);
            return { id: String(user.id), name: user.username, email: user.email, sessionVersion: user.sessionVersion, newDevice: deviceId === null };
          } catch (error) {
            return signInFailure(error);
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
      async jwt({ token, user }) {
        // A provider just signed the user in: start (and record) the session.
        return user ? startWebSession({ id: Number(user.id), sessionVersion: user.sessionVersion }, { newDevice: user.newDevice ?? false }) : token;
      },
      session({ session, token }) {
        return { expires: session.expires, user: { name: token.name ?? null } };
      },
    },
    events: {
      async signOut({ token }) {
        if (!token?.sid || !token.sub || !token.auth_time) return;
        const userId = Number(token.sub);
        await (await getDb()).$transaction(async (tx) => {
          await revokeSession(tx, {
            sessionId: token.sid!,
            userId,
            until: revokeUntil({ via: "cookie", expiresAt: webSessionExpiry(token.auth_time!) }, auth.accessTokenTtlSeconds),
          });
          await recordActivity(tx, { userId, type: "sign_out" });
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

