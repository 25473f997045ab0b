import { parseJson } from "@/lib/http/body";
import { json, otherMethods, route } from "@/lib/http/route";
import { rateTableInputSchema } from "@/lib/shipping/rate-table";
import { listRateVersions, publishRates } from "@/lib/shipping/rates";

export const GET = route("admin", async () => json({ items: await listRateVersions() }));

export const POST = route("admin", async ({ request, caller }) => {
  const input = await parseJson(request, rateTableInputSchema);
  return json({ rates: await publishRates(caller.user.id, input) }, { status: 201 });
});

export const { PUT, PATCH, DELETE } = otherMethods("GET", "POST");
