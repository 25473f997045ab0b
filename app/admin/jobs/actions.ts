"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { formAction } from "@/lib/forms/action";
import { retryFailedJob } from "@/lib/jobs/admin";

export const retryJob = formAction("admin", z.object({ id: z.string() }), async ({ id }) => {
  await retryFailedJob(id);
  revalidatePath("/admin/jobs");
  return { ok: true, message: "The job will run again shortly." };
});
