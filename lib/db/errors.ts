/**
 * Recognising "the database cannot be reached right now" among everything Prisma, its driver
 * adapters and node-postgres can throw, so that such failures become a clean 503 (retry later)
 * instead of a 500 (a bug).
 */

const unreachableKinds = new Set([
  "DatabaseNotReachable",
  "ConnectionClosed",
  "SocketTimeout",
  "TooManyConnections",
  "TlsConnectionError",
  "DatabaseDoesNotExist",
  "AuthenticationFailed",
  "DatabaseAccessDenied",
]);

// P1001 can't reach, P1002 timed out, P1008 operation timed out, P1017 server closed the
// connection, P2024 timed out fetching a connection from the pool.
const unreachablePrismaCodes = new Set(["P1001", "P1002", "P1008", "P1017", "P2024"]);

const unreachableSystemCodes = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
]);

// SQLSTATE class 08 (connection exception), 53300 too many connections, 57P01-57P03 shutdown/cannot
// connect now, 57014 statement timeout (query_canceled).
const unreachableSqlStates = /^(08...|53300|57P0[123]|57014)$/;

const unreachableMessages = [
  "Connection terminated",
  "timeout exceeded when trying to connect",
  "Can't reach database server",
  "Client has encountered a connection error",
  // Requests still in flight while the server shuts down and closes its pool.
  "Cannot use a pool after calling end on the pool",
];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!isRecord(error) || depth > 4) return false;
  if (error.name === "Unavailable") return true;
  const code = typeof error.code === "string" ? error.code : undefined;
  if (code && (unreachablePrismaCodes.has(code) || unreachableSystemCodes.has(code) || unreachableSqlStates.test(code))) {
    return true;
  }
  if (typeof error.kind === "string" && unreachableKinds.has(error.kind)) return true;
  if (typeof error.message === "string" && unreachableMessages.some((m) => (error.message as string).includes(m))) {
    return true;
  }
  const meta = isRecord(error.meta) ? error.meta : undefined;
  const adapterError = meta && isRecord(meta.driverAdapterError) ? meta.driverAdapterError : undefined;
  return [adapterError?.cause, adapterError, error.cause].some((inner) => inner !== undefined && isDatabaseUnavailable(inner, depth + 1));
}

/**
 * The columns of a unique constraint that an insert or update violated (Prisma P2002), or null when
 * the error is something else. Used to turn races on unique columns into a 409 naming the field.
 */
export function uniqueViolationFields(error: unknown): string[] | null {
  if (!isRecord(error) || error.code !== "P2002") return null;
  const meta = isRecord(error.meta) ? error.meta : {};
  if (Array.isArray(meta.target)) return meta.target.map(String);
  const adapterError = isRecord(meta.driverAdapterError) ? meta.driverAdapterError : {};
  const cause = isRecord(adapterError.cause) ? adapterError.cause : {};
  const constraint = isRecord(cause.constraint) ? cause.constraint : {};
  if (Array.isArray(constraint.fields)) return constraint.fields.map((f) => String(f).replaceAll('"', ""));
  if (typeof constraint.index === "string") return [constraint.index];
  return [];
}
