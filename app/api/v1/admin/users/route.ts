import { parseQuery } from "@/lib/http/body";
import { json, otherMethods, route } from "@/lib/http/route";
import { listUsers, listUsersQuerySchema } from "@/lib/users/administration";

export const GET = route("admin", async ({ request }) => json(await listUsers(parseQuery(request, listUsersQuerySchema))));

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
