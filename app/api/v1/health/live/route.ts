// Liveness: the process answers requests. No database round trip, so an orchestrator does not restart
// a healthy server because its database is briefly away (that is what /api/v1/health reports).
import { apiRoute, json, otherMethods } from "@/lib/http/route";

const alive = { status: "ok" } as const;

export const GET = apiRoute(() => json(alive));

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
