import { signOutSessions } from "@/lib/auth/api-sessions";
import { clearSessionCookies } from "@/lib/auth/cookies";
import { logoutInputSchema } from "@/lib/auth/schemas";
import { parseJson } from "@/lib/http/body";
import { noContent, otherMethods, route } from "@/lib/http/route";

export const POST = route("optional", async ({ request, caller }) => {
  const input = await parseJson(request, logoutInputSchema, { allowEmpty: true });
  await signOutSessions(caller, input);
  // The session is revoked on the server already; also drop the browser's copy.
  return caller?.via === "cookie" ? clearSessionCookies(noContent()) : noContent();
});

export const { GET, PUT, PATCH, DELETE } = otherMethods("POST");
