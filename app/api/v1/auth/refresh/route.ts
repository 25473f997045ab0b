import { refreshTokens } from "@/lib/auth/sessions/session";
import { tokenResponseSchema } from "@/lib/auth/dto";
import { refreshInputSchema } from "@/lib/auth/schemas";
import { json, route, routeMethods } from "@/lib/http/route";
import * as sample from "@/app/api/v1/example-values";

const refreshTokenRoute = route(
  {
    method: "POST",
    path: "/api/v1/auth/refresh",
    operationId: "refreshToken",
    tag: "Auth",
    summary: "Exchange a refresh token for a new pair",
    description:
      "The presented refresh token is spent. Presenting a spent token again is treated as theft: the whole session (every token of that sign-in) is revoked.",
    access: "public",
    body: refreshInputSchema.meta({ id: "RefreshRequest" }),
    responses: { 200: { description: "A new pair.", schema: tokenResponseSchema } },
    errors: ["unauthenticated", "rate_limited"],
    examples: { request: { refreshToken: sample.tokenPair.refreshToken }, response: sample.tokenPair },
  },
  async ({ body, meta }) => json(await refreshTokens(body.refreshToken, meta)),
);

export const { GET, POST, PUT, PATCH, DELETE } = routeMethods(refreshTokenRoute);
