/**
 * The loyalty rule's count: which of a user's orders count toward the discount, read by Prisma and,
 * for the hot routes, in the session statement (its SQL twin below;
 * tests/integration/shipping.test.ts checks both give the same discount).
 */
import { z } from "zod";
import { sessionFragment } from "@/lib/auth/sessions/session-fragment";
import { getDb } from "@/lib/db/client";
import type { Db } from "@/lib/db/types";

/** The statuses of orders that count toward the loyalty discount (the OpenAPI document: only paid ones, and later). */
export const LOYALTY_STATUSES = ["paid", "shipped", "delivered"] as const;

/**
 * The orders that count toward the loyalty discount: the one place they are counted, for quotes and
 * for placing orders alike. Only paid (or later) orders count, and never one that cost nothing (a
 * rate table may set a zero minimum charge, and 0.001 kg rounds to 0 cents), or the discount could
 * be earned for free.
 */
export async function paidOrderCount(db: Db, userId: number): Promise<number> {
  return db.order.count({ where: { userId, status: { in: [...LOYALTY_STATUSES] }, totalCents: { gt: 0 } } });
}

const count = z.int().nonnegative();

/** The user's orders that count toward the loyalty discount (paidOrderCount's SQL twin). */
export const paidOrderCountFragment = sessionFragment<number>({
  column: "paid_order_count",
  sql: () => `(SELECT count(*)::int FROM orders o
            WHERE o.user_id = u.id AND o.status IN (${LOYALTY_STATUSES.map((status) => `'${status}'`).join(", ")}) AND o.total_cents > 0)`,
  values: () => [],
  parse: (raw) => count.parse(raw),
  read: async (userId) => paidOrderCount(await getDb(), userId),
});
