import { identityListSchema, listIdentities } from "@/lib/auth/identities/identities";
import { json, route, routeMethods } from "@/lib/http/route";
import * as sample from "@/app/api/v1/example-values";

const listIdentitiesRoute = route(
  {
    method: "GET",
    path: "/api/v1/profile/identities",
    operationId: "listIdentities",
    tag: "Profile",
    summary: "The identity providers' accounts linked to yours",
    description: "Linking happens in the web app (sign in with the provider while signed in to Keel).",
    access: "user",
    responses: { 200: { description: "Linked identities, oldest first.", schema: identityListSchema } },
    examples: {
      response: { items: [{ id: 4, provider: "oidc", subject: "248289761001", email: "ada@example.com", createdAt: sample.at }] },
    },
  },
  async ({ caller }) => json({ items: await listIdentities(caller.user.id) }),
);

export const { GET, POST, PUT, PATCH, DELETE } = routeMethods(listIdentitiesRoute);
