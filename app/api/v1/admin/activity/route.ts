import { adminActivitySchema } from "@/lib/activity/activity";
import { adminActivityQuerySchema, listAllActivity } from "@/lib/security-centre/security-centre";
import { json, route, routeMethods } from "@/lib/http/route";
import { pageSchema } from "@/lib/pagination";
import * as sample from "@/app/api/v1/example-values";

const listAllActivityRoute = route(
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
    examples: {
      query: { userId: 7, type: "sign_in_failed", limit: 20 },
      response: { items: [{ id: 30, type: "sign_in_failed", at: sample.at, ip: "198.51.100.23", userAgent: "curl/8.5.0", userId: 7 }], nextCursor: null },
    },
  },
  async ({ query }) => json(await listAllActivity(query)),
);

export const { GET, POST, PUT, PATCH, DELETE } = routeMethods(listAllActivityRoute);
