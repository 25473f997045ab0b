import { describeLifetime, LINK_LIFETIME_SECONDS } from "@/lib/links/links";
import { getConfig } from "@/lib/env";
import { json, route, routeMethods } from "@/lib/http/route";
import { acceptedSchema } from "@/lib/users/dto";
import { requestPasswordReset } from "@/lib/users/recovery";
import { passwordResetRequestSchema } from "@/lib/users/schemas";

const requestPasswordResetRoute = route(
  {
    method: "POST",
    path: "/api/v1/auth/password-reset",
    operationId: "requestPasswordReset",
    tag: "Auth",
    summary: "Ask for a password-reset link by e-mail",
    description: () => {
      const limits = getConfig().rateLimits;
      return `Answers 202 \`{}\` for any well-formed address, whether or not an account has it (same body, status and timing). If one does, an e-mail with a link to \`/reset-password?token=\` goes to it shortly after; the link works once, for ${describeLifetime(LINK_LIFETIME_SECONDS.PASSWORD_RESET)}. Rate limited: ${limits.passwordResetsPerAddress} requests per address and ${limits.passwordResetsPerIp} per client IP per hour.`;
    },
    access: "public",
    body: passwordResetRequestSchema.meta({ id: "PasswordResetRequest", example: { email: "ada@example.com" } }),
    responses: { 202: { description: "Accepted. An e-mail follows if the address has an account.", schema: acceptedSchema } },
    errors: ["rate_limited"],
    examples: { request: { email: "ada@example.com" }, response: {} },
  },
  async ({ body, meta }) => {
    await requestPasswordReset(body, meta);
    return json({}, { status: 202 });
  },
);

export const { GET, POST, PUT, PATCH, DELETE } = routeMethods(requestPasswordResetRoute);
