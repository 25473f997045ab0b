import { preload } from "@/lib/auth/sessions/session-fragment";
import { clearSessionCookies } from "@/lib/auth/sessions/session";
import { json, noContent, route, routeMethods } from "@/lib/http/route";
import { profileSchema, userResponseSchema } from "@/lib/users/dto";
import { deleteAccount, getProfile, orderCountFragment, updateProfile } from "@/lib/users/profile";
import { deleteAccountSchema, updateProfileSchema } from "@/lib/users/schemas";
import * as sample from "@/app/api/v1/example-values";

const getProfileRoute = route(
  {
    method: "GET",
    path: "/api/v1/profile",
    operationId: "getProfile",
    tag: "Profile",
    summary: "The signed-in user",
    access: "user",
    sessionExtras: [preload(orderCountFragment)],
    responses: { 200: { description: "The profile.", schema: profileSchema } },
    examples: { response: { user: sample.user, stats: { orderCount: 3 } } },
  },
  async ({ caller }) => json(await getProfile(caller.user)),
);

const updateProfileRoute = route(
  {
    method: "PATCH",
    path: "/api/v1/profile",
    operationId: "updateProfile",
    tag: "Profile",
    summary: "Change username and/or email",
    access: "user",
    body: updateProfileSchema.meta({ id: "UpdateProfileRequest", example: { username: "ada" } }),
    responses: { 200: { description: "Updated.", schema: userResponseSchema } },
    errors: ["conflict", "rate_limited"],
    examples: { request: { username: "ada" }, response: { user: { ...sample.user, username: "ada" } } },
  },
  async ({ body, caller, meta }) => json({ user: await updateProfile(caller.user.id, body, meta) }),
);

const deleteAccountRoute = route(
  {
    method: "DELETE",
    path: "/api/v1/profile",
    operationId: "deleteAccount",
    tag: "Profile",
    summary: "Delete your account and its orders",
    description:
      "Needs the password (`{ password }`), or a fresh answer of one of your passkeys (`{ passkey: { challengeId, response } }`, options from POST /api/v1/auth/passkey/options): " +
      "an account that signs in with passkeys only has no password to give. A wrong password or passkey is 400 with the field's error. Every token of the account stops working at once. The last administrator cannot delete their account (409). Paid orders are business records: 409 while an order is paid or shipped; afterwards the orders that were paid for are kept without their owner (personal data erased) and the others are deleted.",
    access: "user",
    body: deleteAccountSchema.meta({ id: "DeleteAccountRequest" }),
    responses: { 204: { description: "Deleted." } },
    errors: ["conflict", "rate_limited"],
    examples: { request: { password: "correct horse battery staple" }, response: null },
  },
  async ({ request, body, caller, meta }) => {
    await deleteAccount(caller.user.id, body, meta, request.headers);
    return caller.via === "cookie" ? clearSessionCookies(noContent()) : noContent();
  },
);

export const { GET, POST, PUT, PATCH, DELETE } = routeMethods(getProfileRoute, updateProfileRoute, deleteAccountRoute);
