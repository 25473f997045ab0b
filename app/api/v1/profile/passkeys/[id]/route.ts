import { passkeyResponseSchema, removePasskey, renamePasskey, renamePasskeySchema } from "@/lib/auth/passkeys";
import { idPath } from "@/lib/http/params";
import { json, noContent, route, routeMethods } from "@/lib/http/route";
import * as sample from "@/app/api/v1/example-values";

const renamePasskeyRoute = route(
  {
    method: "PATCH",
    path: "/api/v1/profile/passkeys/{id}",
    operationId: "renamePasskey",
    tag: "Profile",
    summary: "Rename a passkey",
    access: "user",
    params: idPath("passkey"),
    body: renamePasskeySchema,
    responses: { 200: { description: "Renamed.", schema: passkeyResponseSchema } },
    examples: {
      params: { id: "4" },
      request: { name: "Work laptop" },
      response: { passkey: { id: 4, name: "Work laptop", createdAt: sample.at, lastUsedAt: null, deviceType: "multiDevice", backedUp: true } },
    },
  },
  async ({ params, caller, body }) => json({ passkey: await renamePasskey(caller.user.id, params.id, body.name) }),
);

const removePasskeyRoute = route(
  {
    method: "DELETE",
    path: "/api/v1/profile/passkeys/{id}",
    operationId: "removePasskey",
    tag: "Profile",
    summary: "Remove a passkey",
    description: "It cannot sign in any more. Refused (409) when it is the last way to sign in: a password, an identity provider or another passkey must remain.",
    access: "user",
    params: idPath("passkey"),
    responses: { 204: { description: "Removed." } },
    errors: ["conflict"],
    examples: { params: { id: "4" }, response: null },
  },
  async ({ params, caller, meta }) => {
    await removePasskey(caller.user.id, params.id, meta);
    return noContent();
  },
);

export const { GET, POST, PUT, PATCH, DELETE } = routeMethods(renamePasskeyRoute, removePasskeyRoute);
