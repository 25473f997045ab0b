import { setSessionCookie } from "@/lib/auth/sessions/session";
import { secureCookiesFor } from "@/lib/http/origin";
import { noContent, route, routeMethods } from "@/lib/http/route";
import { changePassword } from "@/lib/users/profile";
import { changePasswordSchema } from "@/lib/users/schemas";

const changePasswordRoute = route(
  {
    method: "POST",
    path: "/api/v1/profile/password",
    operationId: "changePassword",
    tag: "Profile",
    summary: "Change your password",
    description:
      "Revokes every session and token of the user, including the caller's: a browser receives a new session cookie in the response; a mobile app signs in again with the new password.",
    access: "user",
    body: changePasswordSchema.meta({ id: "ChangePasswordRequest" }),
    responses: { 204: { description: "Changed." } },
    errors: ["rate_limited"],
    examples: {
      request: { currentPassword: "correct horse battery staple", newPassword: "a new and unusual passphrase" },
      response: null,
    },
  },
  async ({ request, body, caller, meta }) => {
    const user = await changePassword(caller.user.id, body, meta);
    // Every earlier session is revoked; a browser keeps working with a fresh cookie, a mobile app
    // signs in again with the new password.
    return caller.via === "cookie" ? setSessionCookie(noContent(), user, secureCookiesFor(request.headers), meta) : noContent();
  },
);

export const { GET, POST, PUT, PATCH, DELETE } = routeMethods(changePasswordRoute);
