import { json, route, routeMethods } from "@/lib/http/route";
import { getJobsOverview, jobsOverviewSchema } from "@/lib/jobs/admin";
import * as sample from "@/app/api/v1/example-values";

const jobsOverviewRoute = route(
  {
    method: "GET",
    path: "/api/v1/admin/jobs",
    operationId: "jobsOverview",
    tag: "Administration",
    summary: "The job queue: counts by queue and state, and the last dead-lettered jobs",
    description: "A dead-lettered job can be given another attempt from the admin page (/admin/jobs).",
    access: "admin",
    responses: { 200: { description: "The queue.", schema: jobsOverviewSchema } },
    examples: {
      response: {
        queues: [{ name: "email", counts: { created: 0, retry: 1, active: 0, completed: 42, cancelled: 0, failed: 1 } }],
        failures: [
          {
            id: "5f0c6f7e-8d1b-4c2a-9e3f-0a1b2c3d4e5f",
            queue: "email",
            attempts: 3,
            error: "connect ECONNREFUSED 127.0.0.1:25",
            createdAt: sample.at,
            failedAt: "2026-11-24T09:45:00.000Z",
          },
        ],
      },
    },
  },
  async () => json(await getJobsOverview()),
);

export const { GET, POST, PUT, PATCH, DELETE } = routeMethods(jobsOverviewRoute);
