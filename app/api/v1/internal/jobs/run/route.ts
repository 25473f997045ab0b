import { z } from "zod";
// The jobs this call runs need their features' handlers (lib/features.ts).
import "@/lib/features";
import { limitIp } from "@/lib/http/request-meta";
import { json, route, routeMethods } from "@/lib/http/route";
import { authorizeCron, CRON_FAILURES_PER_IP, CRON_RUN_BUDGET_MS, runJobsFromCron } from "@/lib/jobs/cron";

export const dynamic = "force-dynamic";
// Vercel: the longest a cron call may run (the run itself stops starting jobs after CRON_RUN_BUDGET_MS).
export const maxDuration = 60;

const runDueJobsRoute = route(
  {
    method: "GET",
    path: "/api/v1/internal/jobs/run",
    operationId: "runDueJobs",
    tag: "Operations",
    summary: "Run due jobs (for Vercel Cron and other schedulers)",
    description: () =>
      `Re-queues jobs whose run was cut off, then runs due jobs for up to ${CRON_RUN_BUDGET_MS / 1000} s. ` +
      `401 without the right secret; ${CRON_FAILURES_PER_IP} wrong secrets from one address in 15 minutes answer 429.`,
    access: "public",
    security: "cronSecret",
    responses: {
      200: {
        description: "The jobs run by this call.",
        schema: z.strictObject({ ran: z.int().nonnegative() }).meta({ id: "JobRun", example: { ran: 3 } }),
      },
    },
    errors: ["unauthenticated", "rate_limited"],
    examples: { response: { ran: 3 } },
  },
  async ({ request, meta }) => {
    await authorizeCron(request.headers.get("authorization"), limitIp(meta));
    return json(await runJobsFromCron());
  },
);

export const { GET, POST, PUT, PATCH, DELETE } = routeMethods(runDueJobsRoute);
