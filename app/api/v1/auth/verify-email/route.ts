import { describeLifetime, LINK_LIFETIME_SECONDS } from "@/lib/links/links";
import { json, otherMethods, route } from "@/lib/http/route";
import { userResponseSchema } from "@/lib/users/dto";
import { verifyEmailSchema } from "@/lib/users/schemas";
import { verifyEmail } from "@/lib/users/verification";

export const POST = route(
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
  },
  async ({ body, meta }) => json({ user: await verifyEmail(body, meta) }),
);

export const { GET, PUT, PATCH, DELETE } = otherMethods(POST);
