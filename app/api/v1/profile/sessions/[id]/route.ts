import { endSession, sessionIdPath } from "@/lib/security-centre/security-centre";
import { clearSessionCookies } from "@/lib/auth/sessions/session";
import { noContent, route, routeMethods } from "@/lib/http/route";

const endSessionRoute = route(
  {
    method: "DELETE",
    path: "/api/v1/profile/sessions/{id}",
    operationId: "endSession",
    tag: "Profile",
    summary: "End one of your sessions",
    description: "That session's cookie, access token and refresh token are refused from their next request on. 404 for a session that is not yours.",
    access: "user",
    params: sessionIdPath,
    responses: { 204: { description: "Ended." } },
    examples: { params: { id: "9b2f6a3e-1c4d-4e5f-8a9b-0c1d2e3f4a5b" }, response: null },
  },
  async ({ params, caller, meta }) => {
    await endSession(caller.user.id, params.id, meta);
    // Ending this very browser's session is signing out: drop its cookie too.
    return caller.via === "cookie" && params.id === caller.sessionId ? clearSessionCookies(noContent()) : noContent();
  },
);

export const { GET, POST, PUT, PATCH, DELETE } = routeMethods(endSessionRoute);
