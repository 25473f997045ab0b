import { getConfig } from "@/lib/env";
import { json, route, routeMethods } from "@/lib/http/route";
import { acceptedSchema } from "@/lib/users/dto";
import { resendVerificationEmail } from "@/lib/users/verification";

const resendEmailVerificationRoute = route(
  {
    method: "POST",
    path: "/api/v1/profile/email-verification",
    operationId: "resendEmailVerification",
    tag: "Profile",
    summary: "Send a new verification link to your address",
    description: () =>
      `An address that is already verified gets nothing (same answer). Rate limited to ${getConfig().rateLimits.verificationEmailsPerAccount} per account per hour.`,
    access: "user",
    responses: { 202: { description: "Accepted. The e-mail follows shortly.", schema: acceptedSchema } },
    errors: ["rate_limited"],
    examples: { response: {} },
  },
  async ({ caller }) => {
    await resendVerificationEmail(caller.user.id);
    return json({}, { status: 202 });
  },
);

export const { GET, POST, PUT, PATCH, DELETE } = routeMethods(resendEmailVerificationRoute);
