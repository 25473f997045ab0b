/**
 * `Authorization: Bearer keel_sk_...`: the key's owner as the caller, with the key's scopes.
 *
 * Every request reads the key's row from the primary database by its unique prefix (one indexed
 * statement that also reads the owner), and nothing is cached: a revoked (deleted) key, an expired
 * one or one whose owner is gone is refused by every instance from the next request on. Unknown
 * and bad keys count against the client IP (rate-limits.ts); known keys against their own budget.
 */
import "server-only";
import type { Caller } from "@/lib/auth/sessions/guard";
import type { SessionUser } from "@/lib/auth/sessions/session-user";
import { getDatabase } from "@/lib/db/client";
import type { Role } from "@/lib/db/generated/enums";
import { Unauthenticated } from "@/lib/errors";
import { noteKeyUsed } from "./last-used";
import { apiKeyFailed, checkApiKeyFailures, consumeApiKeyRequest } from "./rate-limits";
import type { ApiKeyScope } from "./scopes";
import { hashMatches, looksLikeKey, prefixOf, SECRET_MARKER } from "./secret";

const BEARER_KEY = new RegExp(`^Bearer\\s+(${SECRET_MARKER}\\S*)\\s*$`, "i");

/** The key in an Authorization header, or null when the header holds something else (a token). */
export function apiKeyOf(authorization: string | null): string | null {
  if (!authorization) return null;
  return BEARER_KEY.exec(authorization)?.[1] ?? null;
}

interface Row {
  key_id: number;
  secret_hash: string;
  scopes: string[] | string | null;
  expires_at: Date | string | null;
  last_used_at: Date | string | null;
  id: number;
  username: string;
  email: string;
  role: Role;
  created_at: Date | string;
  session_version: number;
  email_verified_at: Date | string | null;
  has_password: boolean;
  two_factor_enabled: boolean;
}

const STATEMENT = {
  name: "keel_api_key_caller",
  sql: `SELECT k.id AS key_id, k.secret_hash, k.scopes, k.expires_at, k.last_used_at,
       u.id, u.username::text AS username, u.email::text AS email, u.role::text AS role, u.created_at,
       u.session_version, u.email_verified_at, (u.password_hash IS NOT NULL) AS has_password,
       (u.two_factor_enabled_at IS NOT NULL) AS two_factor_enabled
  FROM api_keys k JOIN users u ON u.id = k.user_id
 WHERE k.prefix = $1`,
};

const toDate = (value: Date | string) => (value instanceof Date ? value : new Date(value));

/** Some drivers hand text[] over as its '{a,b}' literal; the column has no NOT NULL (Prisma's lists). */
function scopesOf(value: string[] | string | null): ApiKeyScope[] {
  if (value === null) return [];
  const list = Array.isArray(value) ? value : value.replace(/^\{|\}$/g, "").split(",").filter(Boolean);
  return list as ApiKeyScope[];
}

export interface ApiKeyCaller extends Caller {
  via: "apiKey";
  apiKey: { id: number; scopes: readonly ApiKeyScope[] };
}

export async function authenticateApiKey(secret: string, ip: string): Promise<ApiKeyCaller> {
  await checkApiKeyFailures(ip);
  const row = looksLikeKey(secret)
    ? (await (await getDatabase()).query<Row>(STATEMENT.name, STATEMENT.sql, [prefixOf(secret)]))[0]
    : undefined;
  const now = new Date();
  if (!row || !hashMatches(secret, row.secret_hash) || (row.expires_at !== null && toDate(row.expires_at) <= now)) {
    await apiKeyFailed(ip);
    throw new Unauthenticated("This API key is not valid (unknown, revoked or expired).");
  }
  await consumeApiKeyRequest(row.key_id);
  noteKeyUsed(row.key_id, row.last_used_at === null ? null : toDate(row.last_used_at), now);
  const user: SessionUser = {
    id: row.id,
    username: row.username,
    email: row.email,
    role: row.role,
    createdAt: toDate(row.created_at),
    sessionVersion: row.session_version,
    emailVerifiedAt: row.email_verified_at === null ? null : toDate(row.email_verified_at),
    hasPassword: row.has_password,
    twoFactorEnabled: row.two_factor_enabled,
    // A key's request preloads no session fragments: the domain functions read what they need themselves.
    preloaded: new Map(),
  };
  const seconds = Math.floor(now.getTime() / 1000);
  return {
    user,
    sessionId: `api-key:${row.key_id}`,
    via: "apiKey",
    tokenExpiresAt: row.expires_at === null ? Number.MAX_SAFE_INTEGER : Math.floor(toDate(row.expires_at).getTime() / 1000),
    authTime: seconds,
    apiKey: { id: row.key_id, scopes: scopesOf(row.scopes) },
  };
}
