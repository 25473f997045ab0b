import { signOutSessions } from "@/lib/auth/api-sessions";
import { SESSION_COOKIE_NAMES } from "@/lib/auth/guard";
import { logoutInputSchema } from "@/lib/auth/schemas";
import { parseJson } from "@/lib/http/body";
import { noContent, route } from "@/lib/http/route";

export const POST = route("optional", async ({ request, caller }) => {
  const input = await parseJson(request, logoutInputSchema, { allowEmpty: true });
  await signOutSessions(caller, input);
  const response = noContent();
  if (caller?.via === "cookie") {
    // The session is revoked on the server already; also drop the browser's copy.
    for (const name of SESSION_COOKIE_NAMES) {
      response.headers.append("set-cookie", `${name}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax${name.startsWith("__Secure-") ? "; Secure" : ""}`);
    }
  }
  return response;
});
