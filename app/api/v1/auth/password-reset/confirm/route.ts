import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "@/lib/auth/credentials/password";
import { noContent, route, routeMethods } from "@/lib/http/route";
import { resetPassword } from "@/lib/users/recovery";
import { confirmPasswordResetSchema } from "@/lib/users/schemas";

const confirmPasswordResetRoute = route(
  {
    method: "POST",
    path: "/api/v1/auth/password-reset/confirm",
    operationId: "confirmPasswordReset",
    tag: "Auth",
    summary: "Set a new password with the token from a reset link",
    description: `The password follows registration's rules (${PASSWORD_MIN_LENGTH}-${PASSWORD_MAX_LENGTH} characters, not a common password, not the username or email). The token and every other reset token of the account are spent, every session and token of the account is revoked, its sign-in lockout is lifted, and its address gets a security notice. An unknown, spent or expired token is a 400 \`invalid_token\`.`,
    access: "public",
    body: confirmPasswordResetSchema.meta({
      id: "ConfirmPasswordResetRequest",
      example: { token: "m4wPeOD8yOF2GXnyfUm-MykOjOkzXZ9nSfLVc5NKzA0", newPassword: "a new and unusual passphrase" },
    }),
    responses: { 204: { description: "The password was changed; sign in with it." } },
    errors: ["invalid_token", "rate_limited"],
    examples: {
      request: { token: "m4wPeOD8yOF2GXnyfUm-MykOjOkzXZ9nSfLVc5NKzA0", newPassword: "a new and unusual passphrase" },
      response: null,
    },
  },
  async ({ body, meta }) => {
    await resetPassword(body, meta);
    return noContent();
  },
);

export const { GET, POST, PUT, PATCH, DELETE } = routeMethods(confirmPasswordResetRoute);
