import { clientIp } from "@/lib/http/client-ip";
import { json, otherMethods, route } from "@/lib/http/route";
import { authorizeCron, runJobsFromCron } from "@/lib/jobs/cron";

export const dynamic = "force-dynamic";
// Vercel: the longest a cron call may run (the run itself stops starting jobs after 20 s).
export const maxDuration = 60;

export const GET = route("public", async ({ request }) => {
  await authorizeCron(request.headers.get("authorization"), clientIp(request.headers));
  return json(await runJobsFromCron());
});

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
