import { json, route, routeMethods } from "@/lib/http/route";
import { setupTwoFactor, setupTwoFactorSchema, twoFactorSetupResponseSchema } from "@/lib/auth/two-factor/two-factor";

const setupTwoFactorRoute = route(
  {
    method: "POST",
    path: "/api/v1/profile/two-factor/setup",
    operationId: "setupTwoFactor",
    tag: "Profile",
    summary: "Start setting up two-factor authentication",
    description:
      "After the password again: a new TOTP secret (SHA-1, 6 digits, 30 s) and its otpauth:// URL. Not active until enabled with a code; a new setup replaces an unfinished one. 409 when 2FA is on already.",
    access: "user",
    body: setupTwoFactorSchema.meta({ id: "TwoFactorSetupRequest" }),
    responses: { 200: { description: "The secret to enter in an authenticator app.", schema: twoFactorSetupResponseSchema } },
    errors: ["conflict", "rate_limited"],
    examples: {
      request: { password: "correct horse battery staple" },
      response: {
        secret: "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP",
        otpauthUrl: "otpauth://totp/Keel:ada_l?issuer=Keel&secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&algorithm=SHA1&digits=6&period=30",
      },
    },
  },
  async ({ body, caller, meta }) => json(await setupTwoFactor(caller.user.id, body, meta)),
);

export const { GET, POST, PUT, PATCH, DELETE } = routeMethods(setupTwoFactorRoute);
