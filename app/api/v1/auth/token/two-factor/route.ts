import { tokenResponseSchema } from "@/lib/auth/dto";
import { signInWithSecondFactor } from "@/lib/auth/sessions/session";
import { twoFactorSignInSchema } from "@/lib/auth/two-factor/two-factor";
import { json, route, routeMethods } from "@/lib/http/route";
import * as sample from "@/app/api/v1/example-values";

const createTokenWithSecondFactorRoute = route(
  {
    method: "POST",
    path: "/api/v1/auth/token/two-factor",
    operationId: "createTokenWithSecondFactor",
    tag: "Auth",
    summary: "Finish a sign-in with two-factor authentication",
    description:
      "After `POST /api/v1/auth/token` answered 401 `mfa_required`: its `mfaToken` (5 minutes, single use) and a 6-digit code or a recovery code. " +
      "A code is accepted once. A wrong code is 401 and counts toward the account's sign-in limits; an unknown, spent or expired mfaToken (or one with 5 wrong codes) is 400 invalid_token.",
    access: "public",
    body: twoFactorSignInSchema.meta({ id: "TwoFactorTokenRequest", example: { mfaToken: "kmfa_...", code: "123456" } }),
    responses: { 200: { description: "Signed in.", schema: tokenResponseSchema } },
    errors: ["unauthenticated", "invalid_token", "rate_limited"],
    examples: {
      request: { mfaToken: "kmfa_3q2v6Xb0Yk1nJ9rT5wZcLmP8sDfGhA4eUiOoQxRtYv0", code: "492039" },
      response: sample.tokenPair,
    },
  },
  async ({ body, meta }) => json(await signInWithSecondFactor(body, meta)),
);

export const { GET, POST, PUT, PATCH, DELETE } = routeMethods(createTokenWithSecondFactorRoute);
