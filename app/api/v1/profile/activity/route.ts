import { activitySchema } from "@/lib/activity/activity";
import { activityQuerySchema, listActivity } from "@/lib/security-centre/security-centre";
import { json, otherMethods, route } from "@/lib/http/route";
import { pageSchema } from "@/lib/pagination";

export const GET = route(
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
  },
  async ({ query, caller }) => json(await listActivity(caller.user.id, query)),
);

export const { POST, PUT, PATCH, DELETE } = otherMethods(GET);
