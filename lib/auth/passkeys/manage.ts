/**
 * The account's passkeys (OpenAPI document: GET /api/v1/profile/passkeys, PATCH and DELETE
 * /api/v1/profile/passkeys/{id}). Another account's passkey is a 404, like a missing one.
 */
import "server-only";
import { getDb } from "@/lib/db/client";
import { lockUser } from "@/lib/db/locks";
import { NotFound, Unauthenticated } from "@/lib/errors";
import { recordActivity } from "@/lib/activity/activity";
import { requireAnotherSignInMethod } from "@/lib/auth/sign-in-methods";
import { passkeyDtoSelect, toPasskeyDto } from "./dto";
import type { PasskeyDto } from "./schemas";
import type { RequestMeta } from "@/lib/http/request-meta";

const NO_SUCH_PASSKEY = "There is no such passkey.";

export async function listPasskeys(userId: number): Promise<PasskeyDto[]> {
  const db = await getDb();
  const rows = await db.passkey.findMany({ where: { userId }, orderBy: { id: "asc" }, select: passkeyDtoSelect });
  return rows.map(toPasskeyDto);
}

/** How many passkeys an account has (the administrators' view of an account). */
export async function countPasskeys(userId: number): Promise<number> {
  return (await getDb()).passkey.count({ where: { userId } });
}

export async function renamePasskey(userId: number, passkeyId: number, name: string): Promise<PasskeyDto> {
  const db = await getDb();
  const { count } = await db.passkey.updateMany({ where: { id: passkeyId, userId }, data: { name } });
  if (count === 0) throw new NotFound(NO_SUCH_PASSKEY);
  const row = await db.passkey.findFirst({ where: { id: passkeyId, userId }, select: passkeyDtoSelect });
  if (!row) throw new NotFound(NO_SUCH_PASSKEY);
  return toPasskeyDto(row);
}

/** Removes one of the caller's passkeys; 409 when it is the last way to sign in. */
export async function removePasskey(userId: number, passkeyId: number, meta: RequestMeta): Promise<void> {
  const db = await getDb();
  await db.$transaction(async (tx) => {
    // Under the user's lock: two removals of the last two sign-in methods must not both pass the count.
    if (!(await lockUser(tx, userId))) throw new Unauthenticated();
    const passkey = await tx.passkey.findFirst({ where: { id: passkeyId, userId }, select: { id: true } });
    if (!passkey) throw new NotFound(NO_SUCH_PASSKEY);
    await requireAnotherSignInMethod(tx, userId);
    await tx.passkey.delete({ where: { id: passkey.id } });
    await recordActivity(tx, { userId, type: "passkey_removed", meta });
  });
}
