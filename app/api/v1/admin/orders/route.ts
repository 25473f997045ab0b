import { parseQuery } from "@/lib/http/body";
import { json, otherMethods, route } from "@/lib/http/route";
import { adminListOrdersQuerySchema } from "@/lib/orders/schemas";
import { listAllOrders } from "@/lib/orders/status";

export const GET = route("admin", async ({ request }) => json(await listAllOrders(parseQuery(request, adminListOrdersQuerySchema))));

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
