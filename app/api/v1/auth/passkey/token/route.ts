import { tokenResponseSchema } from "@/lib/auth/dto";
import { passkeySignInSchema, signInWithPasskeyForTokens } from "@/lib/auth/passkeys";
import { getConfig } from "@/lib/env";
import { json, route, routeMethods } from "@/lib/http/route";
import * as sample from "@/app/api/v1/example-values";

const createTokenWithPasskeyRoute = route(
  {
    method: "POST",
    path: "/api/v1/auth/passkey/token",
    operationId: "createTokenWithPasskey",
    tag: "Auth",
    summary: "Sign in with a passkey: get an access token and a refresh token",
    description: () =>
      "`response` is the authenticator's answer to the options of POST /api/v1/auth/passkey/options, `challengeId` theirs. " +
      "The challenge (single-use), origin (the app's own, or one of WEBAUTHN_ORIGINS: an Android app's `android:apk-key-hash:...`), RP ID, signature, user verification and signature counter are checked; " +
      "every failure is the same 401. A verified passkey needs no second factor. " +
      `At most ${getConfig().rateLimits.passkeySignInsPerIp} passkey requests (options and answers together) per client IP in 15 minutes.`,
    access: "public",
    body: passkeySignInSchema,
    responses: { 200: { description: "Signed in.", schema: tokenResponseSchema } },
    errors: ["unauthenticated", "rate_limited"],
    // What @simplewebauthn/browser's startAuthentication() returns, for the challenge's id.
    examples: {
      request: {
        challengeId: "5b2f3c1e-8a4d-4e6f-9b7a-1c2d3e4f5a6b",
        response: {
          ...sample.passkeyCredential,
          response: {
            clientDataJSON: "eyJ0eXBlIjoid2ViYXV0aG4uZ2V0IiwiY2hhbGxlbmdlIjoiWXAzbVEwY1c4c0wxYVo2dEs5ckoydk41eEI3ZEY0Z0gwZVUzaU82a1BxQSIsIm9yaWdpbiI6Imh0dHBzOi8va2VlbC5leGFtcGxlIn0",
            authenticatorData: "SZYN5YgOjGh0NBcPZHZgW4_krrmihjLHmVzzuoMdl2MFAAAABQ",
            signature: "MEUCIQDx7bS0fW9k3Lq2pH6vN8tR1cY4aJ5mE0uZ7gK2oX9iQwIgF3dH8sL1aP6tB9rJ2vN5xC7kM4gQ0eU3iO6yW1zTqA",
            userHandle: "3q2-7wAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
          },
        },
      },
      response: sample.tokenPair,
    },
  },
  async ({ request, body, meta }) => json(await signInWithPasskeyForTokens(body, meta, request.headers)),
);

export const { GET, POST, PUT, PATCH, DELETE } = routeMethods(createTokenWithPasskeyRoute);
