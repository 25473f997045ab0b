import { passkeyRegistrationOptions, registrationOptionsResponseSchema } from "@/lib/auth/passkeys";
import { json, route, routeMethods } from "@/lib/http/route";
import { CHALLENGE_LIFETIME_SECONDS } from "@/lib/auth/passkeys/challenges";

const passkeyRegistrationOptionsRoute = route(
  {
    method: "POST",
    path: "/api/v1/profile/passkeys/options",
    operationId: "passkeyRegistrationOptions",
    tag: "Profile",
    summary: "Start adding a passkey: the options for the authenticator",
    description:
      "Pass `options` to `startRegistration({ optionsJSON })` of @simplewebauthn/browser (or the platform's credential API) and send its answer to POST /api/v1/profile/passkeys. " +
      `A discoverable credential with user verification is asked for; the challenge is single-use and can be answered for ${CHALLENGE_LIFETIME_SECONDS / 60} minutes.`,
    access: "user",
    responses: { 200: { description: "The creation options.", schema: registrationOptionsResponseSchema } },
    // The options are what @simplewebauthn/server 13 generates; the answer (POST /profile/passkeys)
    // is what @simplewebauthn/browser's startRegistration() returns.
    examples: {
      response: {
        options: {
          rp: { name: "Keel", id: "keel.example" },
          user: { id: "3q2-7wAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", name: "ada", displayName: "ada" },
          challenge: "u2kVq9bC0s3oW6Zk1n8rX4tPyJ5hGdLmA7eQfR0vNcI",
          pubKeyCredParams: [
            { alg: -8, type: "public-key" },
            { alg: -7, type: "public-key" },
            { alg: -257, type: "public-key" },
          ],
          timeout: 300000,
          attestation: "none",
          excludeCredentials: [],
          authenticatorSelection: { residentKey: "required", userVerification: "required", requireResidentKey: true },
        },
      },
    },
  },
  async ({ request, caller }) => json({ options: await passkeyRegistrationOptions(caller.user.id, request.headers) }),
);

export const { GET, POST, PUT, PATCH, DELETE } = routeMethods(passkeyRegistrationOptionsRoute);
