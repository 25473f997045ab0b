import { identityListSchema, listIdentities } from "@/lib/auth/identities/identities";
import { json, otherMethods, route } from "@/lib/http/route";

export const GET = route(
  {
    method: "GET",
    path: "/api/v1/profile/identities",
    operationId: "listIdentities",
    tag: "Profile",
    summary: "The identity providers' accounts linked to yours",
    description: "Linking happens in the web app (sign in with the provider while signed in to Keel).",
    access: "user",
    responses: { 200: { description: "Linked identities, oldest first.", schema: identityListSchema } },
  },
  async ({ caller }) => json({ items: await listIdentities(caller.user.id) }),
);

export const { POST, PUT, PATCH, DELETE } = otherMethods(GET);
