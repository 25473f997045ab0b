/**
 * The revocation check behind every authenticated request: one indexed query by primary key reads
 * the user and whether this session was signed out. A token is honoured only if its user still
 * exists, its session version is still the user's current one (bumped by sign-out everywhere,
 * password change, account deletion) and its session id was not signed out on its own.
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
}

interface Row {
  id: number;
  username: string;
  email: string;
  role: Role;
  created_at: Date;
  session_version: number;
  session_revoked: boolean;
}

const SESSION_USER_SQL = `
  SELECT u.id, u.username::text AS username, u.email::text AS email, u.role::text AS role,
         u.created_at, u.session_version,
         EXISTS (SELECT 1 FROM revoked_sessions r WHERE r.session_id = $2::uuid) AS session_revoked
    FROM users u
   WHERE u.id = $1`;

export async function loadSessionUser(claims: SessionClaims): Promise<SessionUser | null> {
  // Straight to the driver as a prepared statement: this runs on every authenticated request.
  const db = await getDatabase();
  const rows = await db.query<Row>("keel_session_user", SESSION_USER_SQL, [claims.userId, claims.sessionId]);
  const row = rows[0];
  if (!row || row.session_revoked || row.session_version !== claims.sessionVersion) return null;
  return {
    id: row.id,
    username: row.username,
    email: row.email,
    role: row.role,
    createdAt: new Date(row.created_at),
    sessionVersion: row.session_version,
  };
}
