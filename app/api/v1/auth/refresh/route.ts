import { refreshTokens } from "@/lib/auth/sessions/session";
import { tokenResponseSchema } from "@/lib/auth/dto";
import { refreshInputSchema } from "@/lib/auth/schemas";
import { json, otherMethods, route } from "@/lib/http/route";

export const POST = route(
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
  },
  async ({ body, meta }) => json(await refreshTokens(body.refreshToken, meta)),
);

export const { GET, PUT, PATCH, DELETE } = otherMethods(POST);
