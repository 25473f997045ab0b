/**
 * NextAuth (v4) configuration for the web app: the credentials provider (username or email, and
 * password) and the configured identity providers (OpenID Connect, GitHub, Google; lib/auth/identities/providers.ts),
 * with JWT sessions. Sign-in goes through the same verifyCredentials as the API, with the same rate
 * limits; a provider's sign-in goes through the same resolveIdentity as the mobile exchange
 * (lib/auth/identities/identities.ts); a passkey's through verifyPasskeySignIn (lib/auth/passkeys); sign-out revokes the session on the server, not only in the browser.
 */
import "server-only";
import type { NextAuthOptions, User } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import GithubProvider from "next-auth/providers/github";
import GoogleProvider from "next-auth/providers/google";
import type { JWT } from "next-auth/jwt";
import type { OAuthConfig, Provider } from "next-auth/providers/index";
import { getDb } from "@/lib/db/client";
import { Conflict, InvalidToken, MfaRequired, RateLimited, Unauthenticated } from "@/lib/errors";
import { getConfig } from "@/lib/env";
import { safeReturnTo } from "@/lib/forms/return-to";
import { log } from "@/lib/log";
import { verifyCredentials } from "@/lib/auth/credentials/credentials";
import { IdentityEmailTaken, IdentityLinkedElsewhere, resolveIdentity } from "@/lib/auth/identities/identities";
import type { TokenUser } from "@/lib/auth/sessions/session";
import { signInInputSchema } from "@/lib/auth/schemas";
import { recordActivity } from "@/lib/activity/activity";
import { deviceOf, issueDeviceToken } from "@/lib/auth/credentials/device-tokens";
import { decodeWebSession, encodeWebSession, revokeSession, revokeUntil, startWebSession, webSessionExpiry } from "@/lib/auth/sessions/session";
import { passkeySignInSchema } from "@/lib/auth/passkeys/schemas";
import { verifyPasskeySignIn } from "@/lib/auth/passkeys/sign-in";
import { MFA_REQUIRED_ERROR_PREFIX, RATE_LIMITED_ERROR_PREFIX } from "./sign-in-errors";
import { completeSecondFactor, requireSecondFactor, twoFactorSignInSchema } from "@/lib/auth/two-factor/two-factor";
import type { RequestMeta } from "@/lib/http/request-meta";

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

/**
 * An identity provider's sign-in in one request (the provider's callback): who is signed in to Keel
 * in this browser already (then the provider's account is linked to them instead of signing in), and
 * the Keel account the callback resolved, handed from the signIn callback to the jwt callback.
 */
export interface WebIdentitySignIn {
  /** The app's origin, for the redirects to the pages that explain a refusal. */
  origin: string;
  /** The browser's current Keel session (decoded from its cookie), when it has one. */
  current?: JWT;
  resolved?: TokenUser;
  /** The browser presented no device token of the resolved account (a new-device notice goes out). */
  newDevice?: boolean;
}

/** The profile fields Keel reads; providers differ in which they send. */
interface ProviderProfileFields {
  email?: unknown;
  email_verified?: unknown;
  preferred_username?: unknown;
  login?: unknown;
  name?: unknown;
}

/** The passkey provider's form fields: the answer arrives as a JSON string (at most 64 KiB, like an API body's parts). */
function parsePasskeyAnswer(challengeId: unknown, response: unknown) {
  if (typeof response !== "string" || response.length > 65_536) return null;
  let parsedResponse: unknown;
  try {
    parsedResponse = JSON.parse(response);
  } catch {
    return null;
  }
  const input = passkeySignInSchema.pick({ challengeId: true, response: true }).safeParse({ challengeId, response: parsedResponse });
  return input.success ? input.data : null;
}

const text = (value: unknown) => (typeof value === "string" ? value : null);

/** The identity providers that are configured (a provider without its variables is not offered). */
function identityProviders(): Provider[] {
  const { oidc, github, google } = getConfig().identityProviders;
  const providers: Provider[] = [];
  if (oidc?.clientId && oidc.clientSecret) {
    const generic: OAuthConfig<Record<string, unknown>> = {
      id: "oidc",
      name: oidc.name,
      type: "oauth",
      wellKnown: `${oidc.issuer.replace(/\/+$/, "")}/.well-known/openid-configuration`,
      clientId: oidc.clientId,
      clientSecret: oidc.clientSecret,
      authorization: { params: { scope: "openid email profile" } },
      // The ID token's claims are the profile (openid-client verifies it: signature, iss, aud, nonce).
      idToken: true,
      // Authorization Code with PKCE, state and nonce: a code or token injected into someone else's
      // browser does not complete there.
      checks: ["pkce", "state", "nonce"],
      profile: (profile) => ({ id: String(profile.sub), name: text(profile.name), email: text(profile.email), sessionVersion: 0 }),
    };
    providers.push(generic);
  }
  if (github) {
    providers.push(
      GithubProvider({
        clientId: github.clientId,
        clientSecret: github.clientSecret,
        // GitHub supports PKCE on OAuth apps; state is NextAuth's default.
        checks: ["pkce", "state"],
        profile: (profile) => ({ id: String(profile.id), name: profile.name ?? profile.login, email: profile.email, sessionVersion: 0 }),
      }),
    );
  }
  if (google) {
    providers.push(
      GoogleProvider({
        clientId: google.clientId,
        clientSecret: google.clientSecret,
        checks: ["pkce", "state", "nonce"],
        profile: (profile) => ({ id: String(profile.sub), name: profile.name, email: profile.email, sessionVersion: 0 }),
      }),
    );
  }
  return providers;
}

/** What a credentials provider's authorize() answers for a verified user: the jwt callback starts the session from it. */
function signedInUser(user: TokenUser, deviceId: string | null): User {
  return { id: String(user.id), name: user.username, email: user.email, sessionVersion: user.sessionVersion, newDevice: deviceId === null };
}

/** `meta`: the request NextAuth serves (its route handler builds it), for the rate limits and the records. */
export function nextAuthOptions({
  secureCookies,
  meta,
  device = {},
  identity,
}: {
  secureCookies: boolean;
  meta: RequestMeta;
  device?: WebSignInDevice;
  identity?: WebIdentitySignIn;
}): NextAuthOptions {
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
        async authorize(credentials) {
          const input = signInInputSchema.safeParse({ login: credentials?.login, password: credentials?.password });
          if (!input.success) return null;
          try {
            const { user, deviceId, deviceToken } = await verifyCredentials(input.data, meta, device.presented);
            // With 2FA on, the form asks for a code and signs in through the `two-factor` provider.
            await requireSecondFactor({ user, deviceId });
            device.issued = deviceToken;
            return signedInUser(user, deviceId);
          } catch (error) {
            return signInFailure(error);
          }
        },
      }),
      // The three credentials providers share NextAuth's declaration shape (id, name, fields,
      // authorize parsing then try/signInFailure); what differs is the verification, kept in plain view.
      // The second step of a sign-in with 2FA on: the mfaToken of the first step and a code.
      CredentialsProvider({
        id: "two-factor",
        name: "Two-factor code",
        credentials: {
          mfaToken: { label: "Sign-in token", type: "hidden" },
          code: { label: "Code", type: "text" },
        },
        async authorize(credentials) {
          const input = twoFactorSignInSchema.safeParse({ mfaToken: credentials?.mfaToken, code: credentials?.code });
          if (!input.success) return null;
          try {
            const { user, deviceId } = await completeSecondFactor(input.data.mfaToken, input.data.code, meta);
            device.issued = await issueDeviceToken(user.id);
            return signedInUser(user, deviceId);
          } catch (error) {
            return signInFailure(error);
          }
        },
      }),
      // A passkey (lib/auth/passkeys): the challenge of POST /api/v1/auth/passkey/options and the
      // authenticator's answer, as JSON. User verification is required, so no second factor follows.
      CredentialsProvider({
        id: "passkey",
        name: "Passkey",
        credentials: {
          challengeId: { label: "Challenge", type: "hidden" },
          response: { label: "Passkey answer", type: "hidden" },
        },
        async authorize(credentials, request) {
          const input = parsePasskeyAnswer(credentials?.challengeId, credentials?.response);
          if (!input) return null;
          // The origin the authenticator's answer must come from (lib/auth/passkeys/relying-party.ts).
          const headers = new Headers();
          for (const [name, value] of Object.entries(request?.headers ?? {})) {
            if (typeof value === "string") headers.set(name, value);
          }
          try {
            const user = await verifyPasskeySignIn(input, meta, headers);
            const deviceId = await deviceOf(device.presented, user.id);
            device.issued = await issueDeviceToken(user.id);
            return signedInUser(user, deviceId);
          } catch (error) {
            return signInFailure(error);
          }
        },
      }),
      ...identityProviders(),
    ],
    callbacks: {
      /**
       * A provider's sign-in: the Keel account it opens (created on a first sign-in), or, when this
       * browser is signed in already, the provider's account linked to that user. A refusal sends
       * the person to the page that explains it.
       */
      async signIn({ user, account, profile }) {
        if (!account || account.type !== "oauth") return true;
        const origin = identity?.origin ?? "";
        const fields = (profile ?? {}) as ProviderProfileFields;
        const linkTo = identity?.current?.sub ? Number(identity.current.sub) : undefined;
        try {
          const resolved = await resolveIdentity(
            {
              provider: account.provider,
              subject: account.providerAccountId,
              email: text(fields.email) ?? user.email ?? null,
              // Only an explicit yes: GitHub says nothing, so its addresses stay unverified.
              emailVerified: fields.email_verified === true || fields.email_verified === "true",
              preferredUsername: text(fields.preferred_username) ?? text(fields.login),
              name: text(fields.name) ?? user.name ?? null,
            },
            meta,
            { linkTo },
          );
          if (linkTo === undefined) {
            const deviceId = await deviceOf(device.presented, resolved.id);
            // With 2FA on, the provider is only the first factor: no session starts here. The
            // sign-in page asks for the code (its `mfa` parameter: a 5-minute, single-use challenge
            // that is worthless without the code) and completes through the `two-factor` provider.
            try {
              await requireSecondFactor({ user: resolved, deviceId });
            } catch (error) {
              if (error instanceof MfaRequired) return `${origin}/signin?mfa=${encodeURIComponent(error.mfaToken)}`;
              throw error;
            }
            device.issued = await issueDeviceToken(resolved.id);
            if (identity) identity.newDevice = deviceId === null;
          }
          // The session starts (and is recorded, with `sign_in` activity) in the jwt callback.
          if (identity) identity.resolved = resolved;
          return true;
        } catch (error) {
          const provider = encodeURIComponent(account.provider);
          if (linkTo !== undefined && error instanceof IdentityLinkedElsewhere) return `${origin}/profile?identityError=linked-elsewhere&provider=${provider}`;
          if (error instanceof IdentityEmailTaken) return `${origin}/signin?error=IdentityEmailTaken&provider=${provider}`;
          if (error instanceof IdentityLinkedElsewhere) return `${origin}/signin?error=IdentityLinkedElsewhere&provider=${provider}`;
          if (error instanceof Conflict) return `${origin}/signin?error=IdentityWithoutEmail&provider=${provider}`;
          log.error("sign-in with an identity provider failed", error instanceof Error ? error : undefined);
          return `${origin}/signin?error=unavailable`;
        }
      },
      // The same return-address rule as the sign-in and registration pages (lib/forms/return-to.ts).
      // NextAuth's default throws on a URL it cannot parse (a 500) and passes control characters on.
      redirect({ url, baseUrl }) {
        // NextAuth's own default is the bare origin; keep it as it is.
        return url === baseUrl ? baseUrl : `${baseUrl}${safeReturnTo(url, "/", baseUrl)}`;
      },
      async jwt({ token, user, account }) {
        if (account?.type === "oauth") {
          // Linking keeps the browser's session as it was (same id, same sign-in time).
          if (identity?.current) return identity.current;
          if (!identity?.resolved) throw new Error("unavailable");
          return startWebSession(identity.resolved, meta, { newDevice: identity.newDevice ?? true });
        }
        // A credentials provider (password, or the second factor) just signed the user in: start (and record) the session.
        return user ? startWebSession({ id: Number(user.id), sessionVersion: user.sessionVersion }, meta, { newDevice: user.newDevice ?? false }) : token;
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
          await recordActivity(tx, { userId, type: "sign_out", meta });
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

