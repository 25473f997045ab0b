/**
 * Creating, listing and revoking a user's API keys (POST/GET/DELETE /api/v1/profile/api-keys).
 */
import { getDb } from "@/lib/db/client";
import { lockUser } from "@/lib/db/locks";
import { Conflict, NotFound } from "@/lib/errors";
import { type ApiKeyDto, toApiKeyDto } from "./dto";
import { type CreateApiKeyInput, MAX_KEYS_PER_USER } from "./schemas";
import { newSecret } from "./secret";

export interface CreatedApiKey {
  apiKey: ApiKeyDto;
  /** The whole key, shown this once; only its hash is kept. */
  secret: string;
}

export async function createApiKey(userId: number, input: CreateApiKeyInput): Promise<CreatedApiKey> {
  const db = await getDb();
  const { secret, prefix, hash } = newSecret();
  const row = await db.$transaction(async (tx) => {
    // The owner's lock: two creations at once cannot both pass the count below.
    await lockUser(tx, userId);
    if ((await tx.apiKey.count({ where: { userId } })) >= MAX_KEYS_PER_USER) {
      throw new Conflict(`An account can hold at most ${MAX_KEYS_PER_USER} API keys. Revoke one you no longer use.`);
    }
    return tx.apiKey.create({
      data: { userId, name: input.name, prefix, secretHash: hash, scopes: input.scopes, expiresAt: input.expiresAt ? new Date(input.expiresAt) : null },
    });
  });
  return { apiKey: toApiKeyDto(row), secret };
}

export async function listApiKeys(userId: number): Promise<{ items: ApiKeyDto[] }> {
  const rows = await (await getDb()).apiKey.findMany({ where: { userId }, orderBy: { id: "desc" } });
  return { items: rows.map(toApiKeyDto) };
}

/**
 * Deletes the key. Every request with a key reads its row (lib/api-keys/authenticate.ts) and no
 * instance caches it, so the next request with it, on any instance, is refused.
 */
export async function revokeApiKey(userId: number, id: number): Promise<void> {
  const { count } = await (await getDb()).apiKey.deleteMany({ where: { id, userId } });
  // Another user's key is as absent as a missing one.
  if (count === 0) throw new NotFound("There is no such API key.");
}
