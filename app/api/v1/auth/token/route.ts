import { signInForTokens } from "@/lib/auth/session";
import { tokenResponseSchema } from "@/lib/auth/dto";
import { SIGN_IN_WINDOW_SECONDS } from "@/lib/auth/rate-limits";
import { signInInputSchema } from "@/lib/auth/schemas";
import { getConfig } from "@/lib/env";
import { clientIp } from "@/lib/client-ip";
import { json, otherMethods, route } from "@/lib/http/route";

export const POST = route(
  {
    method: "POST",
    path: "/api/v1/auth/token",
    operationId: "createToken",
    tag: "Auth",
    summary: "Sign in: get an access token and a refresh token",
    description: () =>
      `\`login\` is the username or the email. A wrong password and an unknown login get the same 401. After ${getConfig().rateLimits.loginFailuresPerAccount} failed attempts on an account in ${SIGN_IN_WINDOW_SECONDS / 60} minutes, sign-in is refused (429) even with the right password until the window passes.`,
    access: "public",
    body: signInInputSchema.meta({ id: "TokenRequest", example: { login: "ada_l", password: "correct horse battery staple" } }),
    responses: { 200: { description: "Signed in.", schema: tokenResponseSchema } },
    errors: ["unauthenticated", "rate_limited"],
  },
  async ({ request, body }) => json(await signInForTokens(body, clientIp(request.headers))),
);

export const { GET, PUT, PATCH, DELETE } = otherMethods(POST);
