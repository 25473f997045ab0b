import { z } from "zod";
import { pingDatabase } from "@/lib/db/client";
import { getConfig } from "@/lib/env";
import { errorBody, errorSchema } from "@/lib/http/errors";
import { json, route, routeMethods } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** How long the database may take to answer before health reports it down. */
const DATABASE_TIMEOUT_MS = 800;


const healthSchema = z
  .strictObject({
    status: z.enum(["ok", "unavailable"]),
    database: z.enum(["ok", "down"]),
    version: z.string(),
    error: errorSchema.shape.error.optional(),
  })
  .meta({ id: "Health", example: { status: "ok", database: "ok", version: "0.1.0" } });

const healthRoute = route(
  {
    method: "GET",
    path: "/api/v1/health",
    operationId: "health",
    tag: "Operations",
    summary: "Readiness: the server and its database",
    description: `200 after a real round trip to the database; 503 when the database does not answer within ${DATABASE_TIMEOUT_MS} ms.`,
    access: "public",
    responses: {
      200: { description: "Healthy.", schema: healthSchema },
      503: { description: "The database is down.", schema: healthSchema },
    },
    database: false,
    examples: { response: { status: "ok", database: "ok", version: "0.1.0" } },
  },
  async () => {
    const { version } = getConfig();
    if (await pingDatabase(DATABASE_TIMEOUT_MS)) {
      return json({ status: "ok", database: "ok", version });
    }
    return json(
      {
        status: "unavailable",
        database: "down",
        version,
        ...errorBody("unavailable", "The database is not answering."),
      },
      { status: 503, headers: { "retry-after": "5" } },
    );
  },
);

export const { GET, POST, PUT, PATCH, DELETE } = routeMethods(healthRoute);
