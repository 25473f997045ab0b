import { refreshTokens } from "@/lib/auth/api-sessions";
import { refreshInputSchema } from "@/lib/auth/schemas";
import { parseJson } from "@/lib/http/body";
import { clientIp } from "@/lib/http/client-ip";
import { json, otherMethods, route } from "@/lib/http/route";

export const POST = route("public", async ({ request }) => {
  const { refreshToken } = await parseJson(request, refreshInputSchema);
  return json(await refreshTokens(refreshToken, clientIp(request.headers)));
});

export const { GET, PUT, PATCH, DELETE } = otherMethods("POST");
