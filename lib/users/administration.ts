/** Administration of users (OpenAPI document, Administration). Routes allow ADMIN callers only. */
import { recordActivity } from "@/lib/activity/activity";
import { z } from "zod";
import { getDb } from "@/lib/db/client";
import { NotFound } from "@/lib/errors";
import { releaseOrdersOf } from "@/lib/payments/records";
import { cursorPages, type Page, pageQueryShape } from "@/lib/pagination";
import { assertNotLastAdmin } from "./admins";
import { toUserDto, type UserDto, userDtoSelect } from "./dto";
import type { RequestMeta } from "@/lib/http/request-meta";

export const listUsersQuerySchema = z.strictObject({
  ...pageQueryShape,
  q: z
    .string()
    .trim()
    .max(100, "Search for at most 100 characters.")
    // Postgres cannot take a NUL character in text at all (the query would fail with a 500); no
    // username or email contains a control character, so such a search is refused.
    .regex(/^\P{Cc}*$/u, "Search for text without control characters.")
    .optional()
    .meta({ description: "Case-insensitive search in usernames and emails; every character is taken literally." }),
});
export type ListUsersQuery = z.output<typeof listUsersQuerySchema>;

/**
 * The web user list also filters by role. The API's query stays as its contract says (`?role=` is
 * refused there), so the role is a server-side addition for the admin pages' own server action.
 */
export const listUsersFilterSchema = listUsersQuerySchema.extend({ role: z.enum(["USER", "ADMIN"]).optional() });
export type ListUsersFilter = z.output<typeof listUsersFilterSchema>;

export const changeRoleSchema = z.strictObject({
  role: z.enum(["USER", "ADMIN"], { error: "role must be USER or ADMIN." }),
});
export type ChangeRoleInput = z.output<typeof changeRoleSchema>;

/** Users in registration order. */
const userPages = cursorPages("u", "asc");

/**
 * Prisma's `contains` becomes `ILIKE '%' || $1 || '%'` without escaping the operand
 * (prisma/prisma#19506), so `%` and `_` in a search would be wildcards ("%" lists everyone, "a_b"
 * finds "axb"). Backslash is Postgres' default LIKE escape character.
 */
function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}

/** Users in the order they registered, optionally filtered by a search in username and email and by role. */
export async function listUsers(query: ListUsersFilter): Promise<Page<UserDto>> {
  const { idPastCursor, orderBy, take } = userPages.window(query);
  const pattern = query.q ? likeLiteral(query.q) : undefined;
  const search = pattern
    ? { OR: [{ username: { contains: pattern, mode: "insensitive" as const } }, { email: { contains: pattern, mode: "insensitive" as const } }] }
    : {};
  const rows = await (await getDb()).user.findMany({
    where: { ...search, ...(query.role ? { role: query.role } : {}), ...idPastCursor },
    orderBy,
    take,
    select: userDtoSelect,
  });
  return userPages.page(rows, query, toUserDto);
}

/** How many accounts there are, and how many of them are administrators (the user list's heading). */
export async function countUsers(): Promise<{ total: number; admins: number }> {
  const db = await getDb();
  const [total, admins] = await Promise.all([db.user.count(), db.user.count({ where: { role: "ADMIN" } })]);
  return { total, admins };
}

/** Makes a user an administrator or not; the last administrator cannot be demoted. Takes effect on the user's next request. */
/** `meta`: the administrator's request, which the user's activity log shows for the change. */
export async function changeUserRole(userId: number, input: ChangeRoleInput, meta: RequestMeta): Promise<UserDto> {
  const db = await getDb();
  const user = await db.$transaction(async (tx) => {
    if (input.role !== "ADMIN") await assertNotLastAdmin(tx, userId);
    const before = await tx.user.findUnique({ where: { id: userId }, select: { role: true } });
    if (!before) throw new NotFound("There is no such user.");
    const updated = await tx.user.update({ where: { id: userId }, data: { role: input.role } });
    // Setting the role it already has changes nothing, and the log says so.
    if (before.role !== input.role) await recordActivity(tx, { userId, type: "role_changed", meta });
    return updated;
  });
  return toUserDto(user);
}

/**
 * Deletes a user and their unpaid orders (paid ones stay as anonymous business records,
 * lib/payments/records.ts, including those still to be shipped); their tokens and cookies stop
 * working at once. Not the last administrator.
 */
export async function deleteUser(userId: number, meta: RequestMeta): Promise<void> {
  const db = await getDb();
  await db.$transaction(async (tx) => {
    await assertNotLastAdmin(tx, userId);
    await releaseOrdersOf(tx, userId);
    // Refresh tokens and revocations go with the user (ON DELETE CASCADE); kept orders lose their owner (SET NULL).
    const deleted = await tx.user.deleteMany({ where: { id: userId } });
    if (deleted.count === 0) throw new NotFound("There is no such user.");
    await recordActivity(tx, { userId, type: "account_deleted", meta });
  });
}
