import { clearSessionCookies, signOutSessions } from "@/lib/auth/sessions/session";
import { logoutInputSchema } from "@/lib/auth/schemas";
import { noContent, route, routeMethods } from "@/lib/http/route";
import * as sample from "@/app/api/v1/example-values";

const logoutRoute = route(
  {
    method: "POST",
    path: "/api/v1/auth/logout",
    operationId: "logout",
    tag: "Auth",
    summary: "Sign out this device, or every device",
    description:
      "Revokes the presented session (the bearer token's, and the refresh token's when one is sent). With `allDevices: true`, every session and token of the user. A refresh token alone is enough (an app whose access token expired can still sign out).",
    access: "optional",
    body: logoutInputSchema.meta({ id: "LogoutRequest" }),
    bodyOptional: true,
    responses: { 204: { description: "Signed out." } },
    examples: { request: { refreshToken: sample.tokenPair.refreshToken }, response: null },
  },
  async ({ body, caller, meta }) => {
    await signOutSessions(body, meta);
    // The session is revoked on the server already; also drop the browser's copy.
    return caller?.via === "cookie" ? clearSessionCookies(noContent()) : noContent();
  },
);

export const { GET, POST, PUT, PATCH, DELETE } = routeMethods(logoutRoute);
