import { tokenResponseSchema } from "@/lib/auth/dto";
import { passkeySignInSchema, signInWithPasskeyForTokens } from "@/lib/auth/passkeys";
import { getConfig } from "@/lib/env";
import { json, otherMethods, route } from "@/lib/http/route";

export const POST = route(
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
  },
  async ({ request, body, meta }) => json(await signInWithPasskeyForTokens(body, meta, request.headers)),
);

export const { GET, PUT, PATCH, DELETE } = otherMethods(POST);
