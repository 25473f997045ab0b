import { revokeApiKey } from "@/lib/api-keys/keys";
import { idPath } from "@/lib/http/params";
import { noContent, route, routeMethods } from "@/lib/http/route";

const revokeApiKeyRoute = route(
  {
    method: "DELETE",
    path: "/api/v1/profile/api-keys/{id}",
    operationId: "revokeApiKey",
    tag: "Integrations",
    summary: "Revoke an API key",
    description: "The key stops working at once, on every server: the next request with it is 401.",
    access: "user",
    params: idPath("API key"),
    responses: { 204: { description: "Revoked." } },
    examples: { params: { id: "3" }, response: null },
  },
  async ({ params, caller }) => {
    await revokeApiKey(caller.user.id, params.id);
    return noContent();
  },
);

export const { GET, POST, PUT, PATCH, DELETE } = routeMethods(revokeApiKeyRoute);
