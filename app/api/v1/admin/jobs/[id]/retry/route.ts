import { z } from "zod";
import type { PathParams } from "@/lib/http/params";
import { noContent, route, routeMethods } from "@/lib/http/route";
import { retryFailedJob } from "@/lib/jobs/admin";

/** `{id}`: a pg-boss job id. retryFailedJob answers 404 for anything that is not a failed job's UUID. */
const jobIdPath: PathParams<{ id: string }> = {
  schema: z.object({ id: z.string().meta({ description: "The job's id (a UUID).", example: "0b5f0c9e-1d7a-4a59-9a31-5b1f1f3d2c11" }) }),
  parse: (raw) => ({ id: typeof raw.id === "string" ? raw.id : "" }),
};

const retryJobRoute = route(
  {
    method: "POST",
    path: "/api/v1/admin/jobs/{id}/retry",
    operationId: "retryJob",
    tag: "Administration",
    summary: "Give a dead-lettered job one more attempt",
    description: "404 unless the id is a job that failed after its last attempt.",
    access: "admin",
    params: jobIdPath,
    responses: { 204: { description: "Queued again; it runs shortly." } },
    examples: { params: { id: "5f0c6f7e-8d1b-4c2a-9e3f-0a1b2c3d4e5f" }, response: null },
  },
  async ({ params }) => {
    await retryFailedJob(params.id);
    return noContent();
  },
);

export const { GET, POST, PUT, PATCH, DELETE } = routeMethods(retryJobRoute);
