import { endSession, sessionIdPath } from "@/lib/security-centre/security-centre";
import { clearSessionCookies } from "@/lib/auth/sessions/session";
import { noContent, otherMethods, route } from "@/lib/http/route";

export const DELETE = route(
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
  },
  async ({ params, caller, meta }) => {
    await endSession(caller.user.id, params.id, meta);
    // Ending this very browser's session is signing out: drop its cookie too.
    return caller.via === "cookie" && params.id === caller.sessionId ? clearSessionCookies(noContent()) : noContent();
  },
);

export const { GET, POST, PUT, PATCH } = otherMethods(DELETE);
