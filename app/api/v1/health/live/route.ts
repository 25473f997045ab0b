// Liveness: the process answers requests. No database round trip, so an orchestrator does not restart
// a healthy server because its database is briefly away (that is what /api/v1/health reports).
import { z } from "zod";
import { json, route, routeMethods } from "@/lib/http/route";

const alive = { status: "ok" } as const;

const liveRoute = route(
  {
    method: "GET",
    path: "/api/v1/health/live",
    operationId: "live",
    tag: "Operations",
    summary: "Liveness: the process answers (no database round trip)",
    access: "public",
    responses: { 200: { description: "Alive.", schema: z.strictObject({ status: z.literal("ok") }).meta({ id: "Live" }) } },
    database: false,
    examples: { response: { status: "ok" } },
  },
  () => json(alive),
);

export const { GET, POST, PUT, PATCH, DELETE } = routeMethods(liveRoute);
