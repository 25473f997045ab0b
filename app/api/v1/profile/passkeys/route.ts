import { addPasskey, addPasskeySchema, listPasskeys, passkeyListSchema, passkeyResponseSchema } from "@/lib/auth/passkeys";
import { json, otherMethods, route } from "@/lib/http/route";

export const GET = route(
  {
    method: "GET",
    path: "/api/v1/profile/passkeys",
    operationId: "listPasskeys",
    tag: "Profile",
    summary: "Your passkeys",
    access: "user",
    responses: { 200: { description: "The account's passkeys, oldest first.", schema: passkeyListSchema } },
  },
  async ({ caller }) => json({ items: await listPasskeys(caller.user.id) }),
);

export const POST = route(
  {
    method: "POST",
    path: "/api/v1/profile/passkeys",
    operationId: "addPasskey",
    tag: "Profile",
    summary: "Add a passkey: the authenticator's answer to the options",
    description:
      "`response` is the answer to the options of POST /api/v1/profile/passkeys/options. Its challenge, origin (the app's own, or one of WEBAUTHN_ORIGINS), RP ID and user verification are checked; " +
      "any failure is a 400 and the options must be asked for again. A security notice is e-mailed and `passkey_added` recorded. 409 when the passkey is registered already.",
    access: "user",
    body: addPasskeySchema,
    responses: { 201: { description: "Added.", schema: passkeyResponseSchema } },
    errors: ["conflict"],
  },
  async ({ request, caller, body, meta }) => json({ passkey: await addPasskey(caller.user.id, body, meta, request.headers) }, { status: 201 }),
);

export const { PUT, PATCH, DELETE } = otherMethods(GET, POST);
