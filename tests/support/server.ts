/**
 * Starts the real production server (`next start` on the build in .next) as a child process, the
 * way an operator would, and stops it with a signal. Integration tests talk to it over HTTP only.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { freePort } from "./ports";

const root = path.resolve(__dirname, "../..");
const nextBin = path.join(root, "node_modules", "next", "dist", "bin", "next");

export const TEST_AUTH_SECRET = "keel-integration-tests-secret-0123456789abcdef";
/** The bcrypt cost of test servers (BCRYPT_ALLOW_LOW_COST; production's floor is 10). */
export const TEST_BCRYPT_COST = 4;
export const TEST_PASSWORD_PEPPER = "keel-integration-tests-pepper-0123456789abcdef";

export interface ServerOptions {
  /** Variables for the server; merged over a minimal base environment (no inherited DATABASE_URL). */
  env?: Record<string, string | undefined>;
  port?: number;
  /** Wait for /api/v1/health to answer (any status). Default true. */
  waitUntilReady?: boolean;
  /** Run `node server.js` in this standalone layout (tests/support/standalone.ts) instead of `next start`. */
  standaloneDir?: string;
}

export interface RunningServer {
  url: string;
  port: number;
  process: ChildProcess;
  /** Everything the server printed so far (its log is buffered: see flushedOutput). */
  output(): string;
  /**
   * Everything the server printed, up to and including what it logged before this call. The log is
   * buffered (lib/log.ts: written every 25 ms or 8 KiB), so a line logged while answering a request
   * may reach the pipe after the answer reaches the test: reading output() right after a response
   * misses it at random under load (a failed CI run), and a "never logs X" check passes without
   * having seen the line. This sends a request with a marked request id and waits for its request
   * line: lines are written in order, so every line logged before it is there too. Needs
   * LOG_LEVEL=info (the default), which the request lines are logged at.
   */
  flushedOutput(): Promise<string>;
  /** Resolves with the exit code once the process has exited. */
  exited: Promise<number | null>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** The environment every test server gets; engine-specific variables are added by callers. */
export function baseServerEnv(): Record<string, string> {
  return {
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? "",
    NODE_ENV: "production",
    NEXT_MANUAL_SIG_HANDLE: "1",
    NEXT_TELEMETRY_DISABLED: "1",
    CHECKPOINT_DISABLE: "1",
    AUTH_SECRET: TEST_AUTH_SECRET,
    PASSWORD_PEPPER: TEST_PASSWORD_PEPPER,
    // bcrypt's lowest cost: thousands of accounts are made and signed in, and at production's
    // lowest cost (10, ~70 ms of CPU each here) hashing was a large part of the run. The one test
    // whose meaning depends on the cost (sign-in timing, auth-enumeration.test.ts) has a server at 10.
    BCRYPT_COST: String(TEST_BCRYPT_COST),
    BCRYPT_ALLOW_LOW_COST: "true",
    // Tests speak for many clients from one machine through X-Forwarded-For (see tests/support/http.ts).
    TRUST_PROXY: "1",
    // One browser app on another origin may call the API (tests/integration/cors.test.ts).
    CORS_ORIGINS: "https://app.example.com",
    // Production refuses to start without a way to send e-mail; tests that read e-mail start an SMTP
    // sink and pass SMTP_URL and MAIL_TRANSPORT=smtp (tests/support/mail-world.ts).
    MAIL_TRANSPORT: "log",
    // Production refuses the test payment provider unless it is named; files that test Stripe start
    // their own server with STRIPE_* pointing at the stand-in (tests/support/stripe-stand-in.ts).
    PAYMENTS_PROVIDER: "test",
  };
}

export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const port = options.port ?? (await freePort());
  const env: Record<string, string> = { ...baseServerEnv() };
  for (const [key, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  const child = options.standaloneDir
    ? spawn(process.execPath, [path.join(options.standaloneDir, "server.js")], {
        cwd: options.standaloneDir,
        env: { ...env, PORT: String(port), HOSTNAME: "127.0.0.1" } as unknown as NodeJS.ProcessEnv,
        stdio: ["ignore", "pipe", "pipe"],
      })
    : spawn(process.execPath, [nextBin, "start", "-p", String(port), "-H", "127.0.0.1"], {
        cwd: root,
        env: env as NodeJS.ProcessEnv,
        stdio: ["ignore", "pipe", "pipe"],
      });
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;

  const server: RunningServer = {
    url,
    port,
    process: child,
    output: () => output,
    async flushedOutput() {
      const marker = `flush-${randomBytes(8).toString("hex")}`;
      const response = await fetch(`${url}/api/v1/health/live`, { headers: { "x-request-id": marker } });
      await response.body?.cancel();
      const deadline = Date.now() + 15_000;
      while (!output.includes(`"request_id":"${marker}"`)) {
        if (Date.now() > deadline) throw new Error(`No log line for request ${marker} within 15 s (is LOG_LEVEL above info?):\n${output.slice(-2_000)}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return output;
    },
    exited,
    async stop(signal = "SIGTERM") {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill(signal);
        const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
        try {
          return await exited;
        } finally {
          clearTimeout(timer);
        }
      }
      return child.exitCode;
    },
  };

  if (options.waitUntilReady !== false) {
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (child.exitCode !== null) {
        throw new Error(`The server exited with code ${child.exitCode} before it was ready:\n${output}`);
      }
      try {
        const response = await fetch(`${url}/api/v1/health`);
        await response.body?.cancel();
        break;
      } catch {
        if (Date.now() > deadline) {
          await server.stop("SIGKILL");
          throw new Error(`The server did not answer within 60 s:\n${output}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  }
  return server;
}
