import { json, otherMethods, route } from "@/lib/http/route";
import { recoveryCodesResponseSchema, regenerateRecoveryCodes, regenerateRecoveryCodesSchema } from "@/lib/auth/two-factor/two-factor";

export const POST = route(
  {
    method: "POST",
    path: "/api/v1/profile/two-factor/recovery-codes",
    operationId: "regenerateRecoveryCodes",
    tag: "Profile",
    summary: "Replace the recovery codes",
    description:
      "Ten new single-use recovery codes, shown only this once; the old ones stop working at once. Needs the password or a current code from the authenticator app (not a recovery code); a wrong one is 400 and counts toward the sign-in limits. Recorded as `recovery_codes_regenerated` activity, and a security notice is e-mailed. 409 when two-factor authentication is not on.",
    access: "user",
    body: regenerateRecoveryCodesSchema,
    responses: { 200: { description: "The new codes.", schema: recoveryCodesResponseSchema } },
    errors: ["conflict", "rate_limited"],
  },
  async ({ body, caller, meta }) => json(await regenerateRecoveryCodes(caller.user.id, body, meta)),
);

export const { GET, PUT, PATCH, DELETE } = otherMethods(POST);
