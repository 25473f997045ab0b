import { tokenResponseSchema } from "@/lib/auth/dto";
import { exchangeIdToken, idTokenExchangeSchema } from "@/lib/auth/identities/identities";
import { ID_TOKEN_MAX_AGE_SECONDS } from "@/lib/auth/identities/id-tokens";
import { getConfig } from "@/lib/env";
import { json, route, routeMethods } from "@/lib/http/route";
import * as sample from "@/app/api/v1/example-values";

const exchangeIdTokenRoute = route(
  {
    method: "POST",
    path: "/api/v1/auth/oidc/token",
    operationId: "exchangeIdToken",
    tag: "Auth",
    summary: "Sign in with an identity provider: exchange its ID token for a token pair",
    description: () =>
      "For mobile apps that sign in with the OpenID Connect provider themselves (Authorization Code + PKCE, e.g. AppAuth) and send the ID token it returned. " +
      "The token's signature is checked against the issuer's published keys, and its `iss`, `aud` (the web client or one of the mobile clients), `exp` and `iat` " +
      `(issued at most ${ID_TOKEN_MAX_AGE_SECONDS / 60} minutes ago), and \`nonce\` when one is sent; any failure is a 401. ` +
      "A first sign-in creates an account without a password; an existing account with the token's e-mail is never linked automatically (409: sign in and link the provider from the profile). " +
      "With two-factor authentication on, the answer is 401 `mfa_required` with `error.mfaToken`: finish at POST /api/v1/auth/token/two-factor. " +
      `At most ${getConfig().rateLimits.oidcExchangesPerIp} exchanges per client IP in 15 minutes.`,
    access: "public",
    body: idTokenExchangeSchema,
    responses: { 200: { description: "Signed in.", schema: tokenResponseSchema } },
    errors: ["unauthenticated", "mfa_required", "conflict", "rate_limited", "unavailable"],
    examples: {
      request: {
        provider: "oidc",
        idToken: "eyJhbGciOiJSUzI1NiIsImtpZCI6ImtleS0xIn0.eyJpc3MiOiJodHRwczovL2xvZ2luLmV4YW1wbGUuY29tIiwic3ViIjoiMjQ4Mjg5NzYxMDAxIn0.c2lnbmF0dXJlLWV4YW1wbGU",
        nonce: "n-0S6_WzA2Mj",
      },
      response: { ...sample.tokenPair, user: { ...sample.user, hasPassword: false } },
    },
  },
  async ({ body, meta }) => json(await exchangeIdToken(body, meta)),
);

export const { GET, POST, PUT, PATCH, DELETE } = routeMethods(exchangeIdTokenRoute);
