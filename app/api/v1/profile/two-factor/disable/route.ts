import { noContent, route, routeMethods } from "@/lib/http/route";
import { disableTwoFactor, disableTwoFactorSchema } from "@/lib/auth/two-factor/two-factor";

const disableTwoFactorRoute = route(
  {
    method: "POST",
    path: "/api/v1/profile/two-factor/disable",
    operationId: "disableTwoFactor",
    tag: "Profile",
    summary: "Turn two-factor authentication off",
    description: "With the password and a code (or a recovery code). 409 when 2FA is not on.",
    access: "user",
    body: disableTwoFactorSchema.meta({ id: "TwoFactorDisableRequest" }),
    responses: { 204: { description: "Off." } },
    errors: ["conflict", "rate_limited"],
    examples: { request: { password: "correct horse battery staple", code: "492039" }, response: null },
  },
  async ({ body, caller, meta }) => {
    await disableTwoFactor(caller.user.id, body, meta);
    return noContent();
  },
);

export const { GET, POST, PUT, PATCH, DELETE } = routeMethods(disableTwoFactorRoute);
