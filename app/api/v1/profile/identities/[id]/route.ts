import { unlinkIdentity } from "@/lib/auth/identities/identities";
import { idPath } from "@/lib/http/params";
import { noContent, route, routeMethods } from "@/lib/http/route";

const unlinkIdentityRoute = route(
  {
    method: "DELETE",
    path: "/api/v1/profile/identities/{id}",
    operationId: "unlinkIdentity",
    tag: "Profile",
    summary: "Unlink an identity provider's account",
    description: "Refused (409) when it is the last way to sign in: a password, another identity or a passkey must remain.",
    access: "user",
    params: idPath("identity"),
    responses: { 204: { description: "Unlinked." } },
    errors: ["conflict"],
    examples: { params: { id: "4" }, response: null },
  },
  async ({ params, caller, meta }) => {
    await unlinkIdentity(caller.user.id, params.id, meta);
    return noContent();
  },
);

export const { GET, POST, PUT, PATCH, DELETE } = routeMethods(unlinkIdentityRoute);
