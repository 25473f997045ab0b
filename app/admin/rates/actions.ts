"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { formAction } from "@/lib/forms/action";
import { rateTableInputSchema } from "@/lib/shipping/rate-table";
import { publishRates } from "@/lib/shipping/rates";

// The editor sends the whole draft as one JSON field; the API's own schema checks it.
const publishForm = z.preprocess((form: Record<string, string>) => {
  try {
    return JSON.parse(form.table ?? "");
  } catch {
    return undefined;
  }
}, rateTableInputSchema);

export const publishDraft = formAction("admin", publishForm, async (input, caller) => {
  const rates = await publishRates(caller.user.id, input);
  revalidatePath("/admin/rates");
  return { ok: true, message: `Version ${rates.version} is in force.` };
});
