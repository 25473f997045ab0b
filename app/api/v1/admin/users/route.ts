import { json, route, routeMethods } from "@/lib/http/route";
import { pageSchema } from "@/lib/pagination";
import { listUsers, listUsersQuerySchema } from "@/lib/users/administration";
import { userSchema } from "@/lib/users/dto";
import * as sample from "@/app/api/v1/example-values";

const listUsersRoute = route(
  {
    method: "GET",
    path: "/api/v1/admin/users",
    operationId: "listUsers",
    tag: "Administration",
    summary: "List and search users",
    access: "admin",
    query: listUsersQuerySchema,
    responses: { 200: { description: "A page of users.", schema: pageSchema("UserPage", userSchema) } },
    examples: { query: { q: "ada", limit: 20 }, response: { items: [sample.user], nextCursor: null } },
  },
  async ({ query }) => json(await listUsers(query)),
);

export const { GET, POST, PUT, PATCH, DELETE } = routeMethods(listUsersRoute);
