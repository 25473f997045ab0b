import { parseJson } from "@/lib/http/body";
import { json, otherMethods, route } from "@/lib/http/route";
import { quoteShipping } from "@/lib/shipping/quote";
import { quoteInputSchema } from "@/lib/shipping/schemas";

export const POST = route("optional", async ({ request, caller }) => {
  const input = await parseJson(request, quoteInputSchema);
  return json({ quote: await quoteShipping(input, caller?.user.id ?? null) });
});

export const { GET, PUT, PATCH, DELETE } = otherMethods("POST");
