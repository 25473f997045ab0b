import { signInForTokens } from "@/lib/auth/api-sessions";
import { signInInputSchema } from "@/lib/auth/schemas";
import { parseJson } from "@/lib/http/body";
import { clientIp } from "@/lib/http/client-ip";
import { json, otherMethods, route } from "@/lib/http/route";

export const POST = route("public", async ({ request }) => {
  const input = await parseJson(request, signInInputSchema);
  return json(await signInForTokens(input, clientIp(request.headers)));
});

export const { GET, PUT, PATCH, DELETE } = otherMethods("POST");
