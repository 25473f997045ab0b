import { activitySchema } from "@/lib/activity/activity";
import { activityQuerySchema, listActivity } from "@/lib/security-centre/security-centre";
import { json, route, routeMethods } from "@/lib/http/route";
import { pageSchema } from "@/lib/pagination";
import * as sample from "@/app/api/v1/example-values";

const listActivityRoute = route(
  {
    method: "GET",
    path: "/api/v1/profile/activity",
    operationId: "listActivity",
    tag: "Profile",
    summary: "Your account's activity log, newest first",
    description: "Sign-ins, failed sign-ins, password, e-mail and two-factor changes, ended sessions. Kept for ACTIVITY_RETENTION_DAYS.",
    access: "user",
    query: activityQuerySchema,
    responses: { 200: { description: "A page of entries.", schema: pageSchema("ActivityPage", activitySchema) } },
    examples: {
      query: { limit: 20 },
      response: { items: [{ id: 31, type: "sign_in", at: sample.at, ip: "203.0.113.7", userAgent: "KeelApp/2.3 (iOS 18.1)" }], nextCursor: null },
    },
  },
  async ({ query, caller }) => json(await listActivity(caller.user.id, query)),
);

export const { GET, POST, PUT, PATCH, DELETE } = routeMethods(listActivityRoute);
