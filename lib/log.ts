/**
 * Server logging: one line per event, `[keel] level message key=value ...`, on stdout/stderr where
 * every host (Vercel, Docker, systemd) collects it. Never pass secrets, tokens, passwords or hashes
 * as fields; log ids instead.
 */
type Fields = Record<string, string | number | boolean | null | undefined>;

function format(level: string, message: string, fields?: Fields): string {
  const pairs = Object.entries(fields ?? {})
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${key}=${typeof value === "string" && /\s/.test(value) ? JSON.stringify(value) : value}`);
  return [`[keel] ${level} ${message}`, ...pairs].join(" ");
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

export const log = {
  info(message: string, fields?: Fields) {
    console.log(format("info", message, fields));
  },
  warn(message: string, fields?: Fields) {
    console.warn(format("warn", message, fields));
  },
  error(message: string, error?: unknown, fields?: Fields) {
    console.error(format("error", message, { ...fields, error: error === undefined ? undefined : describeError(error) }));
    if (error instanceof Error && error.stack && process.env.NODE_ENV !== "production") console.error(error.stack);
  },
};
