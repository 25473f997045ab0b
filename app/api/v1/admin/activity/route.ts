import { adminActivitySchema } from "@/lib/activity/activity";
import { adminActivityQuerySchema, listAllActivity } from "@/lib/security-centre/security-centre";
import { json, otherMethods, route } from "@/lib/http/route";
import { pageSchema } from "@/lib/pagination";

export const GET = route(
  {
    method: "GET",
    path: "/api/v1/admin/activity",
    operationId: "listAllActivity",
    tag: "Administration",
    summary: "Every account's activity, newest first",
    description: "Filter by `userId` and `type`. Entries of deleted accounts stay until the retention period ends.",
    access: "admin",
    query: adminActivityQuerySchema,
    responses: { 200: { description: "A page of entries.", schema: pageSchema("AdminActivityPage", adminActivitySchema) } },
  },
  async ({ query }) => json(await listAllActivity(query)),
);

export const { POST, PUT, PATCH, DELETE } = otherMethods(GET);
