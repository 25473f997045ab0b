import { setSessionCookie } from "@/lib/auth/cookies";
import { parseJson } from "@/lib/http/body";
import { clientIp } from "@/lib/http/client-ip";
import { secureCookiesFor } from "@/lib/http/origin";
import { noContent, otherMethods, route } from "@/lib/http/route";
import { changePassword } from "@/lib/users/profile";
import { changePasswordSchema } from "@/lib/users/schemas";

export const POST = route("user", async ({ request, caller }) => {
  const input = await parseJson(request, changePasswordSchema);
  const user = await changePassword(caller.user.id, input, clientIp(request.headers));
  // Every earlier session is revoked; a browser keeps working with a fresh cookie, a mobile app
  // signs in again with the new password.
  return caller.via === "cookie" ? setSessionCookie(noContent(), user, secureCookiesFor(request.headers)) : noContent();
});

export const { GET, PUT, PATCH, DELETE } = otherMethods("POST");
