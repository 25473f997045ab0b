import { pingDatabase } from "@/lib/db/client";
import { errorBody } from "@/lib/http/errors";
import { apiRoute, json, otherMethods } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** How long the database may take to answer before health reports it down. */
const DATABASE_TIMEOUT_MS = 800;

const version = process.env.KEEL_VERSION ?? "dev";

export const GET = apiRoute(async () => {
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
});

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
