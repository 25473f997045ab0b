import { addPasskey, addPasskeySchema, listPasskeys, passkeyListSchema, passkeyResponseSchema } from "@/lib/auth/passkeys";
import { json, route, routeMethods } from "@/lib/http/route";
import * as sample from "@/app/api/v1/example-values";

const listPasskeysRoute = route(
  {
    method: "GET",
    path: "/api/v1/profile/passkeys",
    operationId: "listPasskeys",
    tag: "Profile",
    summary: "Your passkeys",
    access: "user",
    responses: { 200: { description: "The account's passkeys, oldest first.", schema: passkeyListSchema } },
    examples: { response: { items: [{ id: 4, name: "MacBook", createdAt: sample.at, lastUsedAt: "2026-11-25T08:15:00.000Z", deviceType: "multiDevice", backedUp: true }] } },
  },
  async ({ caller }) => json({ items: await listPasskeys(caller.user.id) }),
);

const addPasskeyRoute = route(
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
    // What @simplewebauthn/browser's startRegistration() returns, with a name.
    examples: {
      request: {
        name: "MacBook",
        response: {
          ...sample.passkeyCredential,
          response: {
            clientDataJSON: "eyJ0eXBlIjoid2ViYXV0aG4uY3JlYXRlIiwiY2hhbGxlbmdlIjoidTJrVnE5YkMwczNvVzZaazFuOHJYNHRQeUo1aEdkTG1BN2VRZlIwdk5jSSIsIm9yaWdpbiI6Imh0dHBzOi8va2VlbC5leGFtcGxlIn0",
            attestationObject: "o2NmbXRkbm9uZWdhdHRTdG10oGhhdXRoRGF0YVkBJkmWDeWIDoxodDQXD2R2YFuP5K65ooYyx5lc87qDHZdjRQAAAAA",
            transports: ["internal", "hybrid"],
          },
        },
      },
      response: { passkey: { id: 4, name: "MacBook", createdAt: sample.at, lastUsedAt: null, deviceType: "multiDevice", backedUp: true } },
    },
  },
  async ({ request, caller, body, meta }) => json({ passkey: await addPasskey(caller.user.id, body, meta, request.headers) }, { status: 201 }),
);

export const { GET, POST, PUT, PATCH, DELETE } = routeMethods(listPasskeysRoute, addPasskeyRoute);
