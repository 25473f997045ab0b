/**
 * The order data the session statement can read in the same round trip as the caller
 * (lib/auth/sessions/session-fragment.ts): one of the user's orders, and a page of them. The SQL
 * is built from orderRowSchema (lib/orders/dto.ts), so a column added to orders is added there and
 * nowhere else; `read` is the same data through Prisma, for callers that did not preload it.
 */
import { z } from "zod";
import { sessionFragment } from "@/lib/auth/sessions/session-fragment";
import { getDb } from "@/lib/db/client";
import { paymentJsonOf } from "@/lib/payments/dto";
import { cursorPages } from "@/lib/pagination";
import { isoDate, orderRowSchema, withEvents, type OrderWithEvents } from "./dto";

/** Orders newest first: ids only grow, so a page never repeats or skips an order placed meanwhile. */
export const orderPages = cursorPages("o", "desc");

// Timestamps leave the database as the ISO strings Date#toISOString writes (UTC, milliseconds: the
// columns are timestamptz(3)), so they read back exactly, whatever the session's time zone.
const iso = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** Prisma's column name for a field: the schema maps every camelCase field to its snake_case column. */
const columnOf = (field: string) => field.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);

const isDate = (schema: z.ZodType) => (schema instanceof z.ZodNullable ? schema.unwrap() : schema) === isoDate;

/**
 * An order row as JSON with Prisma's field names, its events oldest first (as withEvents reads them),
 * so that orderRowSchema reads it into the shape of a Prisma row and one mapper makes the DTO.
 */
/**
 * The SQL of the order's related rows, each as a JSON array in the shape withEvents (dto.ts) reads
 * them through Prisma. A relation added to orderRowSchema needs its line here (checked below at
 * load); a plain column needs nothing.
 */
const RELATIONS: Record<string, string> = {
  events: `coalesce((SELECT json_agg(json_build_object('status', e.status, 'at', ${iso("e.at")}) ORDER BY e.id)
                     FROM order_events e WHERE e.order_id = o.id), '[]'::json) AS events`,
  trackingEvents: `coalesce((SELECT json_agg(json_build_object('status', t.status, 'at', ${iso("t.at")}, 'location', t.location, 'note', t.note) ORDER BY t.id)
                     FROM tracking_events t WHERE t.order_id = o.id), '[]'::json) AS "trackingEvents"`,
  // The newest payment only, as withEvents reads it (lib/payments/dto.ts keeps its columns' SQL).
  payments: paymentJsonOf("o", iso),
};

/**
 * An order row as JSON with Prisma's field names, its relations as withEvents reads them, so that
 * orderRowSchema reads it into the shape of a Prisma row and one mapper makes the DTO.
 */
const ORDER_JSON_COLUMNS = Object.entries(orderRowSchema.shape)
  .map(([field, schema]) => {
    if (schema instanceof z.ZodArray) {
      const relation = RELATIONS[field];
      if (!relation) throw new Error(`lib/orders/preload.ts: orderRowSchema.${field} is a relation without its SQL in RELATIONS.`);
      return relation;
    }
    return `${isDate(schema as z.ZodType) ? iso(`o.${columnOf(field)}`) : `o.${columnOf(field)}`} AS "${field}"`;
  })
  .join(", ");

/**
 * One of the user's orders (null: none of this user's by that id, another user's included).
 * Object-level authorization is in the statement itself: the order must be this user's.
 */
export const orderFragment = sessionFragment<OrderWithEvents | null, { orderId: number }>({
  column: "order_json",
  sql: (param) => `(SELECT row_to_json(x) FROM (SELECT ${ORDER_JSON_COLUMNS}
            FROM orders o WHERE o.id = ${param(0)}::int AND o.user_id = u.id) x)`,
  values: ({ orderId }) => [orderId],
  parse: (raw) => orderRowSchema.nullable().parse(raw),
  read: async (userId, { orderId }) => (await getDb()).order.findFirst({ where: { id: orderId, userId }, include: withEvents }),
});

/**
 * A page of the user's orders, newest first, in the keyset window of orderPages (orders with an id
 * below `beforeId`, none: from the newest; at most `take`, the extra row only says there is a next
 * page). Walks the (user_id, id) index backwards; no cursor is "below 2^31" (ids are int4), which
 * keeps one plan.
 */
export const orderPageFragment = sessionFragment<OrderWithEvents[], { beforeId: number | undefined; take: number }>({
  column: "order_page",
  sql: (param) => `(SELECT coalesce(json_agg(x ORDER BY x.id DESC), '[]'::json) FROM (SELECT ${ORDER_JSON_COLUMNS}
            FROM orders o WHERE o.user_id = u.id AND o.id < ${param(0)}::int8
            ORDER BY o.id DESC LIMIT ${param(1)}::int) x)`,
  values: ({ beforeId, take }) => [beforeId ?? 2 ** 31, take],
  parse: (raw) => z.array(orderRowSchema).parse(raw),
  read: async (userId, { beforeId, take }) =>
    (await getDb()).order.findMany({
      where: { userId, ...(beforeId === undefined ? {} : { id: { lt: beforeId } }) },
      orderBy: { id: "desc" },
      take,
      include: withEvents,
    }),
});
