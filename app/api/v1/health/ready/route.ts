import { z } from "zod";
import { getConfig } from "@/lib/env";
import { errorBody, errorSchema } from "@/lib/http/errors";
import { json, route, routeMethods } from "@/lib/http/route";
import { checkReadiness, READINESS_DATABASE_TIMEOUT_MS } from "@/lib/server/readiness";

export const dynamic = "force-dynamic";

const readinessSchema = z
  .strictObject({
    status: z.enum(["ok", "unavailable"]),
    database: z.enum(["ok", "down"]),
    migrations: z.enum(["ok", "pending", "unknown"]).meta({ description: "pending: this build has migrations the database has not applied." }),
    jobs: z.enum(["ok", "down", "off"]).meta({ description: "off: no job worker runs in this instance (JOB_WORKER=off)." }),
    version: z.string(),
    error: errorSchema.shape.error.optional(),
  })
  .meta({ id: "Readiness", example: { status: "ok", database: "ok", migrations: "ok", jobs: "ok", version: "0.1.0" } });

const readyRoute = route(
  {
    method: "GET",
    path: "/api/v1/health/ready",
    operationId: "ready",
    tag: "Operations",
    summary: "Readiness: this instance can serve (for load balancers and orchestrators)",
    description: () =>
      `200 when the database answers within ${READINESS_DATABASE_TIMEOUT_MS} ms, every migration of this build is applied, ` +
      "the job worker runs if it should run here, and the instance is not shutting down; 503 otherwise. " +
      "GET /api/v1/health/live is the cheap liveness probe.",
    access: "public",
    responses: {
      200: { description: "Ready.", schema: readinessSchema },
      503: { description: "Not ready; the body says why.", schema: readinessSchema },
    },
    database: false,
    examples: { response: { status: "ok", database: "ok", migrations: "ok", jobs: "ok", version: "0.1.0" } },
  },
  async () => {
    const { version } = getConfig();
    const { ready, database, migrations, jobs, shuttingDown } = await checkReadiness();
    const body = { status: ready ? "ok" : "unavailable", database, migrations, jobs, version };
    if (ready) return json(body);
    const reason = shuttingDown
      ? "This instance is shutting down."
      : database === "down"
        ? "The database is not answering."
        : migrations !== "ok"
          ? "The database schema is not up to date with this build."
          : "The job worker is not running.";
    return json({ ...body, ...errorBody("unavailable", reason) }, { status: 503, headers: { "retry-after": "5" } });
  },
);

export const { GET, POST, PUT, PATCH, DELETE } = routeMethods(readyRoute);
