import { json, otherMethods, route } from "@/lib/http/route";
import { getJobsOverview } from "@/lib/jobs/admin";

export const GET = route("admin", async () => json(await getJobsOverview()));

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
