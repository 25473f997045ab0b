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
 * gains those columns. Each combination is its own named prepared statement.
 */
import { getDatabase } from "@/lib/db/client";
import type { Role } from "@/lib/db/generated/enums";
import type { SessionClaims } from "./tokens";

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

/** The newest shipping rate table's row, as the database has it (lib/shipping/rates.ts checks it). */
export interface RateTableRow {
  version: number;
  currency: string;
  zones: unknown;
  loyalty_min_orders: number;
  loyalty_percent: number;
}

export interface SessionExtras {
  /** All the user's orders (the profile's stats). */
  orderCount: number;
  /** Orders that count toward the loyalty discount (lib/shipping/quote.ts LOYALTY_STATUSES). */
  paidOrderCount: number;
  /** The rate table in force. */
  rates: RateTableRow;
}

export type SessionExtra = keyof SessionExtras;

// The loyalty rule lives in lib/shipping/quote.ts (paidOrderCount); this is its SQL twin, and
// tests/integration/shipping.test.ts checks both give the same discount.
const EXTRA_COLUMNS: Record<SessionExtra, { column: string; sql: string }> = {
  orderCount: { column: "order_count", sql: "(SELECT count(*)::int FROM orders o WHERE o.user_id = u.id) AS order_count" },
  paidOrderCount: {
    column: "paid_order_count",
    sql: `(SELECT count(*)::int FROM orders o
            WHERE o.user_id = u.id AND o.status IN ('paid', 'shipped', 'delivered') AND o.total_cents > 0) AS paid_order_count`,
  },
  rates: {
    column: "rates",
    sql: `(SELECT to_jsonb(t) FROM (SELECT version, currency, zones, loyalty_min_orders, loyalty_percent
             FROM shipping_rate_tables ORDER BY version DESC LIMIT 1) t) AS rates`,
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

function statementFor(extras: readonly SessionExtra[]): { name: string; sql: string } {
  const sorted = [...new Set(extras)].sort();
  const key = sorted.join(",");
  let statement = statements.get(key);
  if (!statement) {
    const columns = [...SESSION_USER_COLUMNS, ...sorted.map((extra) => EXTRA_COLUMNS[extra].sql)];
    statement = {
      name: `keel_session_user${sorted.map((extra) => `_${EXTRA_COLUMNS[extra].column}`).join("")}`,
      sql: `SELECT ${columns.join(",\n       ")}\n  FROM users u\n WHERE u.id = $1`,
    };
    statements.set(key, statement);
  }
  return statement;
}

export async function loadSessionUser(claims: SessionClaims, extras: readonly SessionExtra[] = []): Promise<SessionUser | null> {
  // Straight to the driver as a prepared statement: this runs on every authenticated request.
  const db = await getDatabase();
  const { name, sql } = statementFor(extras);
  const rows = await db.query<Row>(name, sql, [claims.userId, claims.sessionId]);
  const row = rows[0];
  if (!row || row.session_revoked || row.session_version !== claims.sessionVersion) return null;
  const loaded: Partial<SessionExtras> = {};
  for (const extra of extras) {
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
