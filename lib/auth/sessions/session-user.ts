/**
 * The revocation check behind every authenticated request: one indexed query by primary key reads
 * the user and whether this session was signed out. A token is honoured only if its user still
 * exists, its session version is still the user's current one (bumped by sign-out everywhere,
 * password change, account deletion) and its session id was not signed out on its own. Nothing of
 * it is cached: every request asks the primary database, so a revocation holds on every instance
 * from the next request on.
 *
 * The hot routes need a little more than the user, and get it in the same statement (one database
 * round trip per request, docs/performance.md): a route declares `sessionExtras` and the statement
 * gains those columns. Each combination is its own named prepared statement. Some extras take a value
 * from the request (the order's id, the page's window): those are bound as parameters after the
 * session's own, so the statement's text (and its prepared plan) stays the same for every request.
 */
import { getDatabase } from "@/lib/db/client";
import type { Role } from "@/lib/db/generated/enums";
import type { SessionClaims } from "@/lib/auth/tokens/tokens";
import { paymentJsonOf } from "@/lib/payments/dto";

export interface SessionUser {
  id: number;
  username: string;
  email: string;
  role: Role;
  createdAt: Date;
  sessionVersion: number;
  emailVerifiedAt: Date | null;
  hasPassword: boolean;
  twoFactorEnabled: boolean;
  /** What the route asked for besides the user (`sessionExtras`); absent keys were not asked for. */
  extras: Partial<SessionExtras>;
}

export interface SessionExtras {
  /** All the user's orders (the profile's stats). */
  orderCount: number;
  /** Orders that count toward the loyalty discount (lib/shipping/quote.ts LOYALTY_STATUSES). */
  paidOrderCount: number;
  /**
   * The rate table in force, as its key (`version@publishedAtMs`, lib/shipping/rates.ts
   * rateTableKey): the table itself is checked once per process and kept, so the statement need
   * not send it on every request.
   */
  rates: string;
  /**
   * One of the user's orders with its events, as JSON; null when the user has no order by that id
   * (another user's order included). `unknown` until lib/orders checks it (orderRowSchema).
   */
  order: unknown;
  /** A page of the user's orders, newest first, each with its events, as a JSON array; checked by lib/orders. */
  orderPage: unknown;
}

export type SessionExtra = keyof SessionExtras;

/** What the extras that depend on the request are given (the rest take nothing). */
export interface SessionExtraArgs {
  order: { orderId: number };
  /**
   * The keyset window of lib/orders' list (cursorPages("o", "desc")): orders with an id below
   * `beforeId` (none: from the newest), at most `take` of them.
   */
  orderPage: { beforeId: number | undefined; take: number };
}

/** The extras that need nothing from the request: a route may list them as they are. */
export type PlainSessionExtra = Exclude<SessionExtra, keyof SessionExtraArgs>;

type ArgsOf<K extends SessionExtra> = K extends keyof SessionExtraArgs ? SessionExtraArgs[K] : true;

/** Which extras one request asks for, each with what it is given (`true` for a plain extra). */
export type SessionExtrasRequest = { [K in SessionExtra]?: ArgsOf<K> };

interface ExtraColumn<Args> {
  column: string;
  /** The column's SQL; `param(i)` is the placeholder of this extra's i-th value. */
  sql: (param: (index: number) => string) => string;
  /** This extra's parameter values, in the order `sql` numbers them. */
  values: (args: Args) => unknown[];
}

const none = () => [];

// Timestamps leave the database as the ISO strings Date#toISOString writes (UTC, milliseconds: the
// columns are timestamptz(3)), so they read back exactly, whatever the session's time zone.
const iso = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

// An order row as JSON with Prisma's field names (lib/orders/dto.ts orderRowSchema reads it into
// the shape of a Prisma row with its events, so one mapper makes the DTO either way). Events oldest
// first, as lib/orders/dto.ts withEvents reads them.
const ORDER_JSON_COLUMNS = `o.id, o.user_id AS "userId", o.reference, o.destination, o.weight_grams AS "weightGrams", o.region,
         o.rate_per_kg_cents AS "ratePerKgCents", o.minimum_charge_cents AS "minimumChargeCents",
         o.subtotal_cents AS "subtotalCents", o.discount_cents AS "discountCents", o.total_cents AS "totalCents",
         o.currency, o.discount_reason AS "discountReason", o.rates_version AS "ratesVersion", o.status,
         o.tracking_number AS "trackingNumber", ${iso("o.created_at")} AS "createdAt",
         coalesce((SELECT json_agg(json_build_object('status', e.status, 'at', ${iso("e.at")}) ORDER BY e.id)
                     FROM order_events e WHERE e.order_id = o.id), '[]'::json) AS events,
         o.carrier_number AS "carrierNumber",
         coalesce((SELECT json_agg(json_build_object('status', t.status, 'at', ${iso("t.at")}, 'location', t.location, 'note', t.note) ORDER BY t.id)
                     FROM tracking_events t WHERE t.order_id = o.id), '[]'::json) AS "trackingEvents",
         ${paymentJsonOf("o", iso)}`;

// The loyalty rule lives in lib/shipping/quote.ts (paidOrderCount); this is its SQL twin, and
// tests/integration/shipping.test.ts checks both give the same discount.
// A mapped type (not a Record) so that EXTRA_COLUMNS[extra] keeps each extra's own argument type.
const EXTRA_COLUMNS: { [K in SessionExtra]: ExtraColumn<ArgsOf<K>> } = {
  orderCount: { column: "order_count", sql: () => "(SELECT count(*)::int FROM orders o WHERE o.user_id = u.id) AS order_count", values: none },
  paidOrderCount: {
    column: "paid_order_count",
    sql: () => `(SELECT count(*)::int FROM orders o
            WHERE o.user_id = u.id AND o.status IN ('paid', 'shipped', 'delivered') AND o.total_cents > 0) AS paid_order_count`,
    values: none,
  },
  rates: {
    column: "rates_key",
    // rateTableKey's twin: the version, "@", created_at in whole ms since the epoch (timestamptz(3)).
    sql: () => `(SELECT version || '@' || (extract(epoch FROM created_at) * 1000)::bigint
             FROM shipping_rate_tables ORDER BY version DESC LIMIT 1) AS rates_key`,
    values: none,
  },
  // Object-level authorization in the statement itself: the order must be this user's.
  order: {
    column: "order_json",
    sql: (param) => `(SELECT row_to_json(x) FROM (SELECT ${ORDER_JSON_COLUMNS}
            FROM orders o WHERE o.id = ${param(0)}::int AND o.user_id = u.id) x) AS order_json`,
    values: ({ orderId }) => [orderId],
  },
  // The SQL twin of lib/orders/orders.ts listOrders: newest first by id, walking the (user_id, id)
  // index backwards from the cursor. No cursor is "below 2^31" (ids are int4), which keeps one plan.
  orderPage: {
    column: "order_page",
    sql: (param) => `(SELECT coalesce(json_agg(x ORDER BY x.id DESC), '[]'::json) FROM (SELECT ${ORDER_JSON_COLUMNS}
            FROM orders o WHERE o.user_id = u.id AND o.id < ${param(0)}::int8
            ORDER BY o.id DESC LIMIT ${param(1)}::int) x) AS order_page`,
    values: ({ beforeId, take }) => [beforeId ?? 2 ** 31, take],
  },
};

interface Row {
  id: number;
  username: string;
  email: string;
  role: Role;
  created_at: Date;
  session_version: number;
  email_verified_at: Date | null;
  has_password: boolean;
  two_factor_enabled: boolean;
  session_revoked: boolean;
  [extra: string]: unknown;
}

// One line per column, so a column the user DTO gains is a one-line change here.
const SESSION_USER_COLUMNS = [
  "u.id",
  "u.username::text AS username",
  "u.email::text AS email",
  "u.role::text AS role",
  "u.created_at",
  "u.session_version",
  "u.email_verified_at",
  "(u.password_hash IS NOT NULL) AS has_password",
  "(u.two_factor_enabled_at IS NOT NULL) AS two_factor_enabled",
  "EXISTS (SELECT 1 FROM revoked_sessions r WHERE r.session_id = $2::uuid) AS session_revoked",
];

const statements = new Map<string, { name: string; sql: string }>();

// The session's own parameters: $1 the user id, $2 the session id.
const SESSION_PARAMS = 2;

function statementFor(sorted: readonly SessionExtra[]): { name: string; sql: string } {
  const key = sorted.join(",");
  let statement = statements.get(key);
  if (!statement) {
    // Each extra's placeholders are numbered after the previous one's: asking its SQL for them counts them.
    let next = SESSION_PARAMS;
    const extraColumns = sorted.map((extra) => {
      const first = next + 1;
      let used = 0;
      const sql = EXTRA_COLUMNS[extra].sql((index) => {
        used = Math.max(used, index + 1);
        return `$${first + index}`;
      });
      next += used;
      return sql;
    });
    statement = {
      name: `keel_session_user${sorted.map((extra) => `_${EXTRA_COLUMNS[extra].column}`).join("")}`,
      sql: `SELECT ${[...SESSION_USER_COLUMNS, ...extraColumns].join(",\n       ")}\n  FROM users u\n WHERE u.id = $1`,
    };
    statements.set(key, statement);
  }
  return statement;
}

/** One extra's values; generic so that the extra's arguments keep their own type. */
function valuesOf<K extends SessionExtra>(extra: K, args: ArgsOf<K>): unknown[] {
  return EXTRA_COLUMNS[extra].values(args);
}

export async function loadSessionUser(claims: SessionClaims, request: SessionExtrasRequest = {}): Promise<SessionUser | null> {
  // Straight to the driver as a prepared statement: this runs on every authenticated request.
  const db = await getDatabase();
  // Object.keys is string[]; the keys are SessionExtrasRequest's, which are SessionExtra's.
  const extras = (Object.keys(request) as SessionExtra[]).filter((extra) => request[extra] !== undefined).sort();
  const { name, sql } = statementFor(extras);
  const values: unknown[] = [claims.userId, claims.sessionId];
  for (const extra of extras) values.push(...valuesOf(extra, request[extra]!));
  const rows = await db.query<Row>(name, sql, values);
  const row = rows[0];
  if (!row || row.session_revoked || row.session_version !== claims.sessionVersion) return null;
  const loaded: Partial<SessionExtras> = {};
  for (const extra of extras) {
    // The column's type is SessionExtras[extra] by construction of its SQL (row is untyped beyond
    // the session's own columns); the JSON extras are `unknown` and checked where they are used.
    (loaded as Record<string, unknown>)[extra] = row[EXTRA_COLUMNS[extra].column];
  }
  return {
    id: row.id,
    username: row.username,
    email: row.email,
    role: row.role,
    createdAt: new Date(row.created_at),
    sessionVersion: row.session_version,
    emailVerifiedAt: row.email_verified_at === null ? null : new Date(row.email_verified_at),
    hasPassword: row.has_password,
    twoFactorEnabled: row.two_factor_enabled,
    extras: loaded,
  };
}
