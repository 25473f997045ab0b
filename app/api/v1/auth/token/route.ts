import { signInForTokens } from "@/lib/auth/sessions/session";
import { tokenResponseSchema } from "@/lib/auth/dto";
import { signInInputSchema } from "@/lib/auth/schemas";
import { getConfig } from "@/lib/env";
import { json, route, routeMethods } from "@/lib/http/route";
import * as sample from "@/app/api/v1/example-values";

const createTokenRoute = route(
  {
    method: "POST",
    path: "/api/v1/auth/token",
    operationId: "createToken",
    tag: "Auth",
    summary: "Sign in: get an access token and a refresh token",
    description: () => {
      const limits = getConfig().rateLimits;
      return (
        "`login` is the username or the email. A wrong password and an unknown login get the same 401. " +
        "Send the `deviceToken` of this app's last sign-in to the account (if any): its attempts are then limited on their own " +
        `(${limits.loginFailuresPerDevice} failures in 15 minutes, then only this device waits), so guesses by others cannot lock it out. ` +
        `Without one, after ${limits.loginFailuresPerAccount} failed attempts on the account sign-in is refused (429) for a wait that doubles with each further failure (at most an hour). ` +
        "With two-factor authentication on, a right password answers 401 `mfa_required` with `error.mfaToken`: finish at POST /api/v1/auth/token/two-factor."
      );
    },
    access: "public",
    body: signInInputSchema.meta({ id: "TokenRequest", example: { login: "ada_l", password: "correct horse battery staple" } }),
    responses: { 200: { description: "Signed in.", schema: tokenResponseSchema } },
    errors: ["unauthenticated", "mfa_required", "rate_limited"],
    examples: {
      request: { login: "ada@example.com", password: "correct horse battery staple" },
      response: { ...sample.tokenPair, deviceToken: "kdt_ZGV2aWNlLXRva2VuLWV4YW1wbGUtMDAwMQ" },
    },
  },
  async ({ body, meta }) => json(await signInForTokens(body, meta)),
);

export const { GET, POST, PUT, PATCH, DELETE } = routeMethods(createTokenRoute);
