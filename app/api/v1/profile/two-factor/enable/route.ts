import { json, otherMethods, route } from "@/lib/http/route";
import { enableTwoFactor, enableTwoFactorSchema, recoveryCodesResponseSchema } from "@/lib/auth/two-factor/two-factor";

export const POST = route(
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
  },
  async ({ body, caller, meta }) => json(await enableTwoFactor(caller.user.id, body, meta)),
);

export const { GET, PUT, PATCH, DELETE } = otherMethods(POST);
