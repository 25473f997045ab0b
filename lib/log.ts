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
import { processSingleton } from "@/lib/process-singleton";
import { currentRequest } from "@/lib/request-context";

type Fields = Record<string, string | number | boolean | null | undefined>;

/** Keys redacted at the top level and one level down. */
const SECRET_KEYS = new Set([
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
]);
const CENSOR = "[redacted]";

/**
 * The line's fields with secret keys censored, at the top level and one level down; a copy where
 * anything was censored (nested objects are the caller's), the same object otherwise. Written here
 * rather than with pino's `redact` option: that one re-parses every path on every line (its
 * @pinojs/redact 0.4 walks the 51 path strings each time) and cost ~17 µs a line, more than the
 * rest of the line together; every request writes at least one (docs/performance.md, "Fifth part").
 */
export function censorSecrets(fields: Record<string, unknown>): Record<string, unknown> {
  let out = fields;
  for (const key in fields) {
    const value = fields[key];
    let censored: unknown = value;
    if (SECRET_KEYS.has(key)) censored = CENSOR;
    else if (value !== null && typeof value === "object") {
      for (const inner in value) {
        if (!SECRET_KEYS.has(inner)) continue;
        if (censored === value) censored = Array.isArray(value) ? [...value] : { ...value };
        (censored as Record<string, unknown>)[inner] = CENSOR;
      }
    }
    if (censored !== value) {
      if (out === fields) out = { ...fields };
      out[key] = censored;
    }
  }
  return out;
}

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

/**
 * How long a line may wait in the buffer before it is written, and how much is written at once.
 * Writing each line as it comes cost a write system call per request (every request writes its
 * `request` line): under load that was the largest single part of Keel's fixed cost per request
 * (docs/performance.md, "Tenth part"). Buffered, a busy server writes many lines per call, and an
 * idle one writes each line within FLUSH_MS.
 */
const FLUSH_MS = 25;
// Below sonic-boom's largest single write (16 KiB), which it requires of a buffer.
const BUFFER_BYTES = 8 * 1024;

/**
 * stdout through pino's own destination (sonic-boom), buffered: lines are written when BUFFER_BYTES
 * have gathered or FLUSH_MS have passed, synchronously (no thread pool), and at once for an error
 * (log.error flushes). The buffer is written out when the process exits, however it exits short of
 * SIGKILL (an uncaught exception included); a SIGKILL can lose the last FLUSH_MS of lines.
 */
function bufferedStdout(): DestinationStream {
  const stream = pino.destination({ dest: 1, sync: true, minLength: BUFFER_BYTES, periodicFlush: FLUSH_MS });
  process.once("exit", () => {
    try {
      stream.flushSync();
    } catch {
      // stdout is gone (a closed pipe): nothing left to write to.
    }
  });
  return stream;
}

/**
 * pino's isoTime builds a Date and its ISO string for every line, through Next's patched Date (which
 * asks two AsyncLocalStorages whether a prerender is reading the clock); the same text from one ISO
 * string per second and the milliseconds.
 */
let isoSecond = Number.NaN;
let isoHead = "";
function isoTime(): string {
  const now = Date.now();
  const second = Math.floor(now / 1000);
  if (second !== isoSecond) {
    isoSecond = second;
    isoHead = new Date(second * 1000).toISOString().slice(0, 20); // "2026-12-07T00:49:08."
  }
  return `,"time":"${isoHead}${String(now - second * 1000).padStart(3, "0")}Z"`;
}

export function createLogger(destination?: DestinationStream): Logger {
  const { level, format } = settings();
  const stream = destination ?? (format === "pretty" ? prettyStream() : null) ?? bufferedStdout();
  return pino(
    {
      level,
      base: { service: "keel" },
      timestamp: isoTime,
      formatters: { level: (label) => ({ level: label }), log: censorSecrets },
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

function logger(): Logger {
  return processSingleton("log:logger", createLogger);
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
    const target = logger();
    target.error({ ...fields, error: described, stack }, message);
    // An error is written at once, not after the buffer's next flush.
    target.flush();
  },
  debug(message: string, fields?: Fields) {
    logger().debug(fields ?? {}, message);
  },
};
