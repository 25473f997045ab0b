/**
 * The account's activity log: an append-only record of security-relevant events (OpenAPI document,
 * Profile: GET /api/v1/profile/activity; Administration: GET /api/v1/admin/activity).
 *
 * `recordActivity` takes the transaction of the change it records, so a change that rolls back
 * leaves no entry, and an entry never exists without its change. Entries are kept for
 * ACTIVITY_RETENTION_DAYS and then deleted by the security-cleanup job (lib/security-centre/cleanup.ts).
 */
import "server-only";
import { z } from "zod";
import type { Db } from "@/lib/db/types";
import type { RequestMeta } from "@/lib/http/request-meta";

/** Every type API.md lists; identity_linked/unlinked are written by the identity-provider code. */
export const ACTIVITY_TYPES = [
  "sign_in",
  "sign_in_failed",
  "sign_out",
  "password_changed",
  "password_reset",
  "email_changed",
  "email_verified",
  "identity_linked",
  "identity_unlinked",
  "two_factor_enabled",
  "two_factor_disabled",
  "session_revoked",
  "role_changed",
  "account_deleted",
  "passkey_added",
  "passkey_removed",
  // New recovery codes in place of the old ones (lib/auth/two-factor).
  "recovery_codes_regenerated",
  // Payments (lib/payments): an administrator's manual payment (on the administrator's log), and a
  // provider's success for an amount or currency that is not the order's (on the customer's log).
  "order_paid_manually",
  "payment_mismatch",
] as const;

export type ActivityType = (typeof ACTIVITY_TYPES)[number];

export const activityTypeSchema = z.enum(ACTIVITY_TYPES);

export interface ActivityEntry {
  userId: number;
  type: ActivityType;
  /** The request that caused it, from its adapter (NO_REQUEST_META for a job or a provider's event). */
  meta: Pick<RequestMeta, "ip" | "userAgent">;
}

export async function recordActivity(tx: Db, entry: ActivityEntry): Promise<void> {
  const { meta } = entry;
  await tx.activity.create({ data: { userId: entry.userId, type: entry.type, ip: meta.ip, userAgent: meta.userAgent } });
}

export const activitySchema = z
  .strictObject({
    id: z.int().positive(),
    type: activityTypeSchema,
    at: z.iso.datetime(),
    ip: z.string().nullable().meta({ description: "The client's IP address, when known." }),
    userAgent: z.string().nullable().meta({ description: "The client's User-Agent header, when it sent one." }),
  })
  .meta({ id: "Activity" });

export const adminActivitySchema = activitySchema.extend({ userId: z.int().positive() }).meta({ id: "AdminActivity" });

export type ActivityDto = z.output<typeof activitySchema>;

interface ActivityRow {
  id: number;
  userId: number;
  type: string;
  at: Date;
  ip: string | null;
  userAgent: string | null;
}

export function toActivityDto(row: ActivityRow): ActivityDto {
  return { id: row.id, type: row.type as ActivityType, at: row.at.toISOString(), ip: row.ip, userAgent: row.userAgent };
}
