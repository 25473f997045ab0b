import { json, otherMethods, route } from "@/lib/http/route";
import { getJobsOverview, jobsOverviewSchema } from "@/lib/jobs/admin";

export const GET = route(
  {
    method: "GET",
    path: "/api/v1/admin/jobs",
    operationId: "jobsOverview",
    tag: "Administration",
    summary: "The job queue: counts by queue and state, and the last dead-lettered jobs",
    description: "A dead-lettered job can be given another attempt from the admin page (/admin/jobs).",
    access: "admin",
    responses: { 200: { description: "The queue.", schema: jobsOverviewSchema } },
  },
  async () => json(await getJobsOverview()),
);

export const { POST, PUT, PATCH, DELETE } = otherMethods(GET);
