import { listSessions, sessionListSchema } from "@/lib/security-centre/security-centre";
import { json, route, routeMethods } from "@/lib/http/route";
import * as sample from "@/app/api/v1/example-values";

const listSessionsRoute = route(
  {
    method: "GET",
    path: "/api/v1/profile/sessions",
    operationId: "listSessions",
    tag: "Profile",
    summary: "Your signed-in sessions (browsers and apps)",
    description: "Most recently seen first; the session of this request has `current: true`.",
    access: "user",
    responses: { 200: { description: "The sessions.", schema: sessionListSchema } },
    examples: {
      response: {
        items: [
          {
            id: "9b2f6a3e-1c4d-4e5f-8a9b-0c1d2e3f4a5b",
            kind: "web",
            userAgent: "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
            device: "Firefox 133 on Linux",
            ip: "203.0.113.7",
            createdAt: sample.at,
            lastSeenAt: sample.at,
            expiresAt: "2026-12-24T09:30:00.000Z",
            current: true,
          },
        ],
      },
    },
  },
  async ({ caller }) => json(await listSessions(caller.user.id, caller.sessionId)),
);

export const { GET, POST, PUT, PATCH, DELETE } = routeMethods(listSessionsRoute);
