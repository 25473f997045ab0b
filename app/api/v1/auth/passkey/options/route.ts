import { authenticationOptionsResponseSchema, passkeySignInOptions } from "@/lib/auth/passkeys";
import { CHALLENGE_LIFETIME_SECONDS } from "@/lib/auth/passkeys/challenges";
import { getConfig } from "@/lib/env";
import { json, route, routeMethods } from "@/lib/http/route";

const passkeySignInOptionsRoute = route(
  {
    method: "POST",
    path: "/api/v1/auth/passkey/options",
    operationId: "passkeySignInOptions",
    tag: "Auth",
    summary: "Start a sign-in with a passkey: the options for the authenticator",
    description: () =>
      "No account is named: the options carry no allowCredentials, and the authenticator offers the passkeys it holds for this app (discoverable credentials). " +
      "Pass `options` to `startAuthentication({ optionsJSON })` and send its answer with `challengeId` to POST /api/v1/auth/passkey/token. " +
      `The challenge is single-use and can be answered for ${CHALLENGE_LIFETIME_SECONDS / 60} minutes. ` +
      `At most ${getConfig().rateLimits.passkeySignInsPerIp} passkey requests (options and answers together) per client IP in 15 minutes.`,
    access: "public",
    responses: { 200: { description: "The request options.", schema: authenticationOptionsResponseSchema } },
    errors: ["rate_limited"],
    // What @simplewebauthn/server 13 generates; the answer (POST /auth/passkey/token) is what
    // @simplewebauthn/browser's startAuthentication() returns.
    examples: {
      response: {
        options: { challenge: "Yp3mQ0cW8sL1aZ6tK9rJ2vN5xB7dF4gH0eU3iO6kPqA", timeout: 300000, rpId: "keel.example", userVerification: "required" },
        challengeId: "5b2f3c1e-8a4d-4e6f-9b7a-1c2d3e4f5a6b",
      },
    },
  },
  async ({ request, meta }) => json(await passkeySignInOptions(meta, request.headers)),
);

export const { GET, POST, PUT, PATCH, DELETE } = routeMethods(passkeySignInOptionsRoute);
