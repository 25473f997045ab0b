import { listSessions, sessionListSchema } from "@/lib/security-centre/security-centre";
import { json, otherMethods, route } from "@/lib/http/route";

export const GET = route(
  {
    method: "GET",
    path: "/api/v1/profile/sessions",
    operationId: "listSessions",
    tag: "Profile",
    summary: "Your signed-in sessions (browsers and apps)",
    description: "Most recently seen first; the session of this request has `current: true`.",
    access: "user",
    responses: { 200: { description: "The sessions.", schema: sessionListSchema } },
  },
  async ({ caller }) => json(await listSessions(caller.user.id, caller.sessionId)),
);

export const { POST, PUT, PATCH, DELETE } = otherMethods(GET);
