import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "@/lib/auth/credentials/password";
import { json, route, routeMethods } from "@/lib/http/route";
import { toUserDto } from "@/lib/users/dto";
import { userResponseSchema } from "@/lib/users/dto";
import { registerAccount } from "@/lib/users/register";
import { EMAIL_MAX_LENGTH, registerInputSchema, USERNAME_MAX_LENGTH, USERNAME_MIN_LENGTH } from "@/lib/users/schemas";
import * as sample from "@/app/api/v1/example-values";

const registerRoute = route(
  {
    method: "POST",
    path: "/api/v1/auth/register",
    operationId: "register",
    tag: "Auth",
    summary: "Create an account",
    description: `Username: ${USERNAME_MIN_LENGTH}-${USERNAME_MAX_LENGTH} of [A-Za-z0-9_.-], unique case-insensitively. Email: at most ${EMAIL_MAX_LENGTH} characters, stored lower-cased. Password: ${PASSWORD_MIN_LENGTH}-${PASSWORD_MAX_LENGTH} characters, not one of the most common passwords. Rate limited per client IP.`,
    access: "public",
    body: registerInputSchema.meta({ id: "RegisterRequest", example: { username: "ada_l", email: "ada@example.com", password: "correct horse battery staple" } }),
    responses: { 201: { description: "Created.", schema: userResponseSchema } },
    errors: ["conflict", "rate_limited"],
    examples: {
      request: { username: "ada_l", email: "ada@example.com", password: "correct horse battery staple" },
      response: { user: { ...sample.user, emailVerified: false } },
    },
  },
  async ({ body, meta }) => {
    const user = await registerAccount(body, meta);
    return json({ user: toUserDto(user) }, { status: 201 });
  },
);

export const { GET, POST, PUT, PATCH, DELETE } = routeMethods(registerRoute);
