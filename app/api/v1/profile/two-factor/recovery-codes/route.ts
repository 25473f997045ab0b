import { json, route, routeMethods } from "@/lib/http/route";
import { recoveryCodesResponseSchema, regenerateRecoveryCodes, regenerateRecoveryCodesSchema } from "@/lib/auth/two-factor/two-factor";

const regenerateRecoveryCodesRoute = route(
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
    examples: {
      request: { password: "correct horse battery staple" },
      response: {
        recoveryCodes: ["q4nv7-k2xhm", "z8tb3-wp6ra", "f2kc9-ymd4s", "u7hj5-bq3ne", "a9rx2-tvk8p", "n3me6-cfw7y", "s5gz8-jdh2q", "x6pw4-ekr9m", "d8yt3-uzn5b", "k2qf7-mha6w"],
      },
    },
  },
  async ({ body, caller, meta }) => json(await regenerateRecoveryCodes(caller.user.id, body, meta)),
);

export const { GET, POST, PUT, PATCH, DELETE } = routeMethods(regenerateRecoveryCodesRoute);
