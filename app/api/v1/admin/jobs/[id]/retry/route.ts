import { noContent, otherMethods, route } from "@/lib/http/route";
import { retryFailedJob } from "@/lib/jobs/admin";

type Context = { params: Promise<{ id: string }> };

export const POST = route<"admin", Context>("admin", async ({ context }) => {
  await retryFailedJob((await context.params).id);
  return noContent();
});

export const { GET, PUT, PATCH, DELETE } = otherMethods("POST");
