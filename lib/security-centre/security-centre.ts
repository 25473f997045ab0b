/**
 * The account's security centre (OpenAPI document, Profile: sessions and activity; Administration:
 * activity): the signed-in sessions, ending one or all the others, and the activity log.
 * Every verb acts on the caller's own account, except the administrators' activity list.
 */
import "server-only";
import { z } from "zod";
import { getDb } from "@/lib/db/client";
import { lockUser } from "@/lib/db/locks";
import type { Db } from "@/lib/db/types";
import { NotFound } from "@/lib/errors";
import { getConfig } from "@/lib/env";
import type { PathParams } from "@/lib/http/params";
import { cursorPages, type Page, pageQueryShape } from "@/lib/pagination";
import { type ActivityDto, activityTypeSchema, recordActivity, toActivityDto } from "@/lib/activity/activity";
import { revokeSession, revokeUntil } from "@/lib/auth/sessions/session";
import { describeUserAgent } from "@/lib/auth/sessions/user-agent";
import type { RequestMeta } from "@/lib/http/request-meta";

export const sessionSchema = z
  .strictObject({
    id: z.uuid(),
    kind: z.enum(["web", "mobile"]),
    userAgent: z.string().nullable().meta({ description: "The User-Agent header the session was started (or last refreshed) with." }),
    device: z.string().meta({ description: "userAgent as people read it.", example: "Firefox 133 on Linux" }),
    ip: z.string().nullable(),
    createdAt: z.iso.datetime(),
    lastSeenAt: z.iso.datetime().meta({ description: "Sign-in, or the last token refresh (mobile); not every request." }),
    expiresAt: z.iso.datetime(),
    current: z.boolean().meta({ description: "The session of this request." }),
  })
  .meta({ id: "Session" });

export type SessionDto = z.output<typeof sessionSchema>;

export const sessionListSchema = z.strictObject({ items: z.array(sessionSchema) }).meta({ id: "SessionList" });

/** `{id}` of a session: a UUID; anything else names no session (404, never a database error). */
export const sessionIdPath: PathParams<{ id: string }> = {
  schema: z.object({ id: z.string().meta({ description: "The session's id.", example: "9b2f6a3e-1c4d-4e5f-8a9b-0c1d2e3f4a5b" }) }),
  parse: (raw) => {
    const id = typeof raw.id === "string" ? raw.id.toLowerCase() : "";
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id)) throw new NotFound("There is no such session.");
    return { id };
  },
};

/** The user's live sessions, most recently seen first; `currentSessionId` is the caller's. */
export async function listSessions(userId: number, currentSessionId: string | null): Promise<{ items: SessionDto[] }> {
  const rows = await (await getDb()).session.findMany({
    where: { userId, expiresAt: { gt: new Date() } },
    orderBy: [{ lastSeenAt: "desc" }, { createdAt: "desc" }],
    take: 200,
  });
  return {
    items: rows.map((row) => ({
      id: row.id,
      kind: row.kind === "mobile" ? "mobile" : "web",
      userAgent: row.userAgent,
      device: describeUserAgent(row.userAgent),
      ip: row.ip,
      createdAt: row.createdAt.toISOString(),
      lastSeenAt: row.lastSeenAt.toISOString(),
      expiresAt: row.expiresAt.toISOString(),
      current: row.id === currentSessionId,
    })),
  };
}

/**
 * Ends one session with the revocation every sign-out uses (revoked list + refresh-token family), so
 * its cookie, access and refresh tokens are refused on their next request. `tx` holds the user's lock.
 */
async function endRecordedSession(tx: Db, row: { id: string; userId: number; kind: string; expiresAt: Date }, meta: RequestMeta): Promise<void> {
  const accessTtl = getConfig().auth.accessTokenTtlSeconds;
  // A web cookie lives to the session's end; a mobile session's newest access token one lifetime.
  const until =
    row.kind === "web"
      ? revokeUntil({ via: "cookie", expiresAt: Math.ceil(row.expiresAt.getTime() / 1000) }, accessTtl)
      : revokeUntil({ via: "refresh" }, accessTtl);
  await revokeSession(tx, { sessionId: row.id, userId: row.userId, until });
  await recordActivity(tx, { userId: row.userId, type: "session_revoked", meta });
}

/** DELETE /api/v1/profile/sessions/{id}: 404 for another user's session or an unknown one. */
export async function endSession(userId: number, sessionId: string, meta: RequestMeta): Promise<void> {
  await (await getDb()).$transaction(async (tx) => {
    await lockUser(tx, userId);
    const row = await tx.session.findFirst({ where: { id: sessionId, userId } });
    if (!row) throw new NotFound("There is no such session.");
    await endRecordedSession(tx, row, meta);
  });
}

/** Ends every recorded session of the user except `currentSessionId`; returns how many. */
export async function endOtherSessions(userId: number, currentSessionId: string, meta: RequestMeta): Promise<number> {
  return (await getDb()).$transaction(async (tx) => {
    await lockUser(tx, userId);
    const rows = await tx.session.findMany({ where: { userId, id: { not: currentSessionId } } });
    for (const row of rows) await endRecordedSession(tx, row, meta);
    return rows.length;
  });
}

// ---------------------------------------------------------------------------------------------
// The activity log

const activityPages = cursorPages("a", "desc");

export const activityQuerySchema = z.strictObject({ ...pageQueryShape });
export const adminActivityQuerySchema = z.strictObject({
  ...pageQueryShape,
  userId: z.coerce
    .number({ error: "userId must be a number." })
    .int("userId must be a whole number.")
    .min(1, "userId must be positive.")
    .max(2_147_483_647, "userId is too large.")
    .optional(),
  type: activityTypeSchema.optional(),
});

export async function listActivity(userId: number, query: z.output<typeof activityQuerySchema>): Promise<Page<ActivityDto>> {
  const { idPastCursor, orderBy, take } = activityPages.window(query);
  const rows = await (await getDb()).activity.findMany({ where: { userId, ...idPastCursor }, orderBy, take });
  return activityPages.page(rows, query, toActivityDto);
}

export async function listAllActivity(query: z.output<typeof adminActivityQuerySchema>): Promise<Page<ActivityDto & { userId: number }>> {
  const { idPastCursor, orderBy, take } = activityPages.window(query);
  const rows = await (await getDb()).activity.findMany({
    where: { ...(query.userId ? { userId: query.userId } : {}), ...(query.type ? { type: query.type } : {}), ...idPastCursor },
    orderBy,
    take,
  });
  return activityPages.page(rows, query, (row) => ({ ...toActivityDto(row), userId: row.userId }));
}
