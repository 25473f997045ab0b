import { json, route, routeMethods } from "@/lib/http/route";
import { enableTwoFactor, enableTwoFactorSchema, recoveryCodesResponseSchema } from "@/lib/auth/two-factor/two-factor";

const enableTwoFactorRoute = route(
  {
    method: "POST",
    path: "/api/v1/profile/two-factor/enable",
    operationId: "enableTwoFactor",
    tag: "Profile",
    summary: "Turn two-factor authentication on",
    description:
      "With a code from the secret of the setup. Answers ten single-use recovery codes, shown only this once. A wrong code is 400 and counts toward the sign-in limits; 409 without a setup or when on already.",
    access: "user",
    body: enableTwoFactorSchema.meta({ id: "TwoFactorEnableRequest", example: { code: "123456" } }),
    responses: { 200: { description: "On.", schema: recoveryCodesResponseSchema } },
    errors: ["conflict", "rate_limited"],
    examples: {
      request: { code: "492039" },
      response: {
        recoveryCodes: ["7xk2q-9pm4r", "m3vt8-c2whd", "p9fz2-kqa6n", "b4ye7-tjr3x", "w8nh5-dcuqe", "r2ma9-vkp7s", "h6qt3-xzb8f", "c5wd4-npe2j", "t7gk6-hmr9u", "e3js8-ybq5v"],
      },
    },
  },
  async ({ body, caller, meta }) => json(await enableTwoFactor(caller.user.id, body, meta)),
);

export const { GET, POST, PUT, PATCH, DELETE } = routeMethods(enableTwoFactorRoute);
