import { describeLifetime, LINK_LIFETIME_SECONDS } from "@/lib/links/links";
import { json, route, routeMethods } from "@/lib/http/route";
import { userResponseSchema } from "@/lib/users/dto";
import { verifyEmailSchema } from "@/lib/users/schemas";
import { verifyEmail } from "@/lib/users/verification";
import * as sample from "@/app/api/v1/example-values";

const verifyEmailRoute = route(
  {
    method: "POST",
    path: "/api/v1/auth/verify-email",
    operationId: "verifyEmail",
    tag: "Auth",
    summary: "Confirm an address with the token from a verification link",
    description: `The link (\`/verify-email?token=\`) is sent at registration, on every change of address and on request, and works once, for ${describeLifetime(LINK_LIFETIME_SECONDS.EMAIL_VERIFICATION)}, and only while the account still has the address it was sent to. An unknown, spent or expired token is a 400 \`invalid_token\`.`,
    access: "public",
    body: verifyEmailSchema.meta({ id: "VerifyEmailRequest", example: { token: "m4wPeOD8yOF2GXnyfUm-MykOjOkzXZ9nSfLVc5NKzA0" } }),
    responses: { 200: { description: "Verified: the account, with `emailVerified: true`.", schema: userResponseSchema } },
    errors: ["invalid_token", "rate_limited"],
    examples: { request: { token: "m4wPeOD8yOF2GXnyfUm-MykOjOkzXZ9nSfLVc5NKzA0" }, response: { user: sample.user } },
  },
  async ({ body, meta }) => json({ user: await verifyEmail(body, meta) }),
);

export const { GET, POST, PUT, PATCH, DELETE } = routeMethods(verifyEmailRoute);
