import { z } from "zod";
import { apiKeyScopeSchema } from "./schemas";

export const apiKeySchema = z
  .object({
    id: z.int().positive(),
    name: z.string(),
    prefix: z.string().meta({ description: "The key's first characters (`keel_sk_` + 12), to recognise it; never the secret.", example: "keel_sk_4fQ9zR1bXk2P" }),
    scopes: z.array(apiKeyScopeSchema),
    createdAt: z.iso.datetime(),
    lastUsedAt: z.iso.datetime().nullable().meta({ description: "Updated at most once a minute." }),
    expiresAt: z.iso.datetime().nullable(),
  })
  .meta({ id: "ApiKey" });
export type ApiKeyDto = z.infer<typeof apiKeySchema>;

export interface ApiKeyRow {
  id: number;
  name: string;
  prefix: string;
  scopes: string[];
  createdAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
}

export function toApiKeyDto(row: ApiKeyRow): ApiKeyDto {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    // Only known scopes leave the server (a scope retired later is simply not shown).
    scopes: row.scopes.filter((scope): scope is ApiKeyDto["scopes"][number] => apiKeySchema.shape.scopes.element.safeParse(scope).success),
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    expiresAt: row.expiresAt?.toISOString() ?? null,
  };
}
