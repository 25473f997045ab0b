"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { formAction } from "@/lib/forms/action";
import { rateDraftToTableSchema } from "@/lib/shipping/rate-draft";
import { publishRates } from "@/lib/shipping/rates";

// The editor sends the whole draft as one JSON field, as typed (dollars, countries as text): it is read
// into cents and codes here, on the server, and checked with the API's own schema (lib/shipping/rate-draft.ts).
// `replacing` is the version the draft was made from, which the confirmation named.
const publishForm = z.preprocess(
  (form: Record<string, string>) => {
    let draft: unknown;
    try {
      draft = JSON.parse(form.draft ?? "");
    } catch {
      draft = undefined;
    }
    return { draft, replacing: form.replacing };
  },
  z.object({ draft: rateDraftToTableSchema, replacing: z.coerce.number().int().positive().max(2_147_483_647) }),
);

export const publishDraft = formAction("admin", publishForm, async ({ draft, replacing }, { caller }) => {
  const rates = await publishRates(caller.user.id, draft, { replacing });
  revalidatePath("/admin/rates");
  return { ok: true, message: `Version ${rates.version} is in force.` };
});
