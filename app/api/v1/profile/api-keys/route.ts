import { z } from "zod";
import { apiKeySchema } from "@/lib/api-keys/dto";
import { createApiKey, listApiKeys } from "@/lib/api-keys/keys";
import { createApiKeySchema } from "@/lib/api-keys/schemas";
import { json, route, routeMethods } from "@/lib/http/route";
import * as sample from "@/app/api/v1/example-values";

const listApiKeysRoute = route(
  {
    method: "GET",
    path: "/api/v1/profile/api-keys",
    operationId: "listApiKeys",
    tag: "Integrations",
    summary: "Your API keys (never their secrets)",
    access: "user",
    responses: { 200: { description: "The keys, newest first.", schema: z.strictObject({ items: z.array(apiKeySchema) }).meta({ id: "ApiKeyList" }) } },
    examples: { response: { items: [sample.apiKey] } },
  },
  async ({ caller }) => json(await listApiKeys(caller.user.id)),
);

const createApiKeyRoute = route(
  {
    method: "POST",
    path: "/api/v1/profile/api-keys",
    operationId: "createApiKey",
    tag: "Integrations",
    summary: "Make an API key for another backend",
    description:
      "The answer's `secret` (`keel_sk_...`) is the key: shown this once, stored only as a hash. Send it as `Authorization: Bearer keel_sk_...`; it acts as you within its scopes. 409 when the account already holds the most keys it may.",
    access: "user",
    body: createApiKeySchema.meta({ id: "CreateApiKeyRequest", example: { name: "Warehouse sync", scopes: ["orders:read", "orders:write"] } }),
    responses: {
      201: {
        description: "Made.",
        schema: z.strictObject({ apiKey: apiKeySchema, secret: z.string().meta({ description: "The whole key, shown once.", example: "keel_sk_4fQ9zR1bXk2P..." }) }).meta({ id: "CreatedApiKey" }),
      },
    },
    errors: ["conflict"],
    examples: {
      request: { name: "Warehouse sync", scopes: ["orders:read", "orders:write"], expiresAt: "2030-06-30T23:59:59.000Z" },
      response: { apiKey: sample.apiKey, secret: "keel_sk_4fQ9zR1bXk2P7wVdN3cLhT8yKq5mZs0aUe6oJi2rBg9xWn4pFt1vHc7" },
    },
  },
  async ({ body, caller }) => json(await createApiKey(caller.user.id, body), { status: 201 }),
);

export const { GET, POST, PUT, PATCH, DELETE } = routeMethods(listApiKeysRoute, createApiKeyRoute);
