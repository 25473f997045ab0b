/**
 * Server logging with pino: one JSON object per line on stdout, where every host (Vercel, Docker,
 * systemd, Kubernetes) collects it, readable by people in development (pino-pretty, a dev
 * dependency: LOG_FORMAT=pretty, the default under `next dev`; without it installed, JSON).
 *
 * Every line carries `request_id` (lib/request-context.ts) and, when tracing is on, `trace_id` and
 * `span_id` of the active span, so one request's lines and its trace can be found from each other.
 * Fields that name secrets (passwords, tokens, cookies, authorization, secrets, hashes) are
 * redacted wherever they appear; still, never pass a secret in a message: log ids instead.
 *
 * The API (log.info/warn/error, describeError) is the one the code base has always used.
 */
import { createRequire } from "node:module";
import path from "node:path";
import { trace } from "@opentelemetry/api";
import pino, { type DestinationStream, type Logger } from "pino";
import { currentRequest } from "@/lib/request-context";

type Fields = Record<string, string | number | boolean | null | undefined>;

/** Keys redacted at the top level and one level down (pino's fast-redact paths). */
const SECRET_KEYS = [
  "password",
  "newPassword",
  "currentPassword",
  "passwordHash",
  "password_hash",
  "token",
  "accessToken",
  "refreshToken",
  "idToken",
  "secret",
  "clientSecret",
  "authorization",
  "cookie",
  "set-cookie",
  "apiKey",
  "hash",
  "otp",
];
const REDACT_PATHS = [...SECRET_KEYS, ...SECRET_KEYS.map((key) => `*.${key}`), ...SECRET_KEYS.map((key) => `*["${key}"]`)];

export function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

interface LogSettings {
  level: string;
  format: "json" | "pretty";
}

/**
 * LOG_LEVEL and LOG_FORMAT (validated by lib/env.ts, which reports a bad value at start). Read here
 * directly because the logger must work before, and even without, a valid configuration: it is what
 * reports the configuration's problems.
 */
function settings(): LogSettings {
  const levels = ["fatal", "error", "warn", "info", "debug", "trace", "silent"];
  const level = levels.includes(process.env.LOG_LEVEL ?? "") ? process.env.LOG_LEVEL! : "info";
  const format = process.env.LOG_FORMAT ?? (process.env.NODE_ENV === "development" ? "pretty" : "json");
  return { level, format: format === "pretty" ? "pretty" : "json" };
}

/** pino-pretty when it is installed (a dev dependency); null in a production install without it. */
function prettyStream(): DestinationStream | null {
  try {
    // Resolved from the app's folder at run time: the bundler must not try to include it.
    const require = createRequire(path.join(process.cwd(), "package.json"));
    const pretty = require("pino-pretty") as (options: object) => DestinationStream;
    return pretty({ sync: true, translateTime: "SYS:HH:MM:ss.l", ignore: "pid,hostname,service" });
  } catch {
    return null;
  }
}

export function createLogger(destination?: DestinationStream): Logger {
  const { level, format } = settings();
  const stream = destination ?? (format === "pretty" ? prettyStream() : null) ?? pino.destination({ dest: 1, sync: true });
  return pino(
    {
      level,
      base: { service: "keel" },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACT_PATHS, censor: "[redacted]" },
      // Called for every line: the request and the trace it belongs to.
      mixin() {
        const fields: Record<string, string> = {};
        const request = currentRequest();
        if (request) fields.request_id = request.requestId;
        const span = trace.getActiveSpan()?.spanContext();
        if (span && span.traceId !== "00000000000000000000000000000000") {
          fields.trace_id = span.traceId;
          fields.span_id = span.spanId;
          // Remembered for the request's last line, written after its spans have ended.
          if (request) request.traceId ??= span.traceId;
        } else if (request?.traceId) {
          fields.trace_id = request.traceId;
        }
        return fields;
      },
    },
    stream,
  );
}

const state = globalThis as unknown as { __keelLogger?: Logger };

function logger(): Logger {
  state.__keelLogger ??= createLogger();
  return state.__keelLogger;
}

export const log = {
  info(message: string, fields?: Fields) {
    logger().info(fields ?? {}, message);
  },
  warn(message: string, fields?: Fields) {
    logger().warn(fields ?? {}, message);
  },
  error(message: string, error?: unknown, fields?: Fields) {
    const described = error === undefined ? undefined : describeError(error);
    // The stack helps in development; in production the message is enough and stacks can be long.
    const stack = error instanceof Error && process.env.NODE_ENV !== "production" ? error.stack : undefined;
    logger().error({ ...fields, error: described, stack }, message);
  },
  debug(message: string, fields?: Fields) {
    logger().debug(fields ?? {}, message);
  },
};
