/**
 * The revocation check behind every authenticated request: one indexed query by primary key reads
 * the user and whether this session was signed out. A token is honoured only if its user still
 * exists, its session version is still the user's current one (bumped by sign-out everywhere,
 * password change, account deletion) and its session id was not signed out on its own. Nothing of
 * it is cached: every request asks the primary database, so a revocation holds on every instance
 * from the next request on.
 *
 * The hot routes need a little more than the user, and get it in the same statement (one database
 * round trip per request, docs/performance.md): a route asks for domain fragments
 * (session-fragment.ts; each declared by its domain) and the statement gains their columns. This
 * module only assembles them. Each combination is its own named prepared statement; a fragment's
 * values from the request (the order's id, the page's window) are bound as parameters after the
 * session's own, so the statement's text (and its prepared plan) stays the same for every request.
 */
import { getDatabase } from "@/lib/db/client";
import type { Role } from "@/lib/db/generated/enums";
import type { SessionClaims } from "@/lib/auth/tokens/tokens";
import type { AnyFragment, FragmentRequest, PreloadedFragment } from "./session-fragment";

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
  /** The fragments the route asked for, as the statement read them (fragmentValue takes them from here). */
  preloaded: ReadonlyMap<AnyFragment, PreloadedFragment>;
}

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

const NOTHING_PRELOADED: ReadonlyMap<AnyFragment, PreloadedFragment> = new Map();

function statementFor(sorted: readonly FragmentRequest[]): { name: string; sql: string } {
  const key = sorted.map(({ fragment }) => fragment.column).join(",");
  let statement = statements.get(key);
  if (!statement) {
    // Each fragment's placeholders are numbered after the previous one's: asking its SQL for them counts them.
    let next = SESSION_PARAMS;
    const columns = sorted.map(({ fragment }) => {
      const first = next + 1;
      let used = 0;
      const sql = fragment.sql((index) => {
        used = Math.max(used, index + 1);
        return `$${first + index}`;
      });
      next += used;
      return `${sql} AS ${fragment.column}`;
    });
    statement = {
      name: `keel_session_user${sorted.map(({ fragment }) => `_${fragment.column}`).join("")}`,
      sql: `SELECT ${[...SESSION_USER_COLUMNS, ...columns].join(",\n       ")}\n  FROM users u\n WHERE u.id = $1`,
    };
    statements.set(key, statement);
  }
  return statement;
}

const byColumn = (a: FragmentRequest, b: FragmentRequest) => (a.fragment.column < b.fragment.column ? -1 : a.fragment.column > b.fragment.column ? 1 : 0);

export async function loadSessionUser(claims: SessionClaims, requests: readonly FragmentRequest[] = []): Promise<SessionUser | null> {
  // Straight to the driver as a prepared statement: this runs on every authenticated request.
  const db = await getDatabase();
  const sorted = requests.length > 1 ? [...requests].sort(byColumn) : requests;
  const { name, sql } = statementFor(sorted);
  const values: unknown[] = [claims.userId, claims.sessionId];
  for (const request of sorted) values.push(...request.values);
  const rows = await db.query<Row>(name, sql, values);
  const row = rows[0];
  if (!row || row.session_revoked || row.session_version !== claims.sessionVersion) return null;
  let preloaded = NOTHING_PRELOADED;
  if (sorted.length > 0) {
    const read = new Map<AnyFragment, PreloadedFragment>();
    for (const { fragment, values: given } of sorted) read.set(fragment, { values: given, raw: row[fragment.column] });
    preloaded = read;
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
    preloaded,
  };
}
