/**
 * `npm run worker`: jobs run in a process of their own while the web server only enqueues
 * (JOB_WORKER=off). Postgres only; on the embedded database the command refuses, and says why.
 */
import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { tempDir } from "../support/database";
import { testEngine } from "../support/engine";
import { newUser } from "../support/http";
import { mailEnv, type MailWorld, startMailWorld } from "../support/mail-world";
import { baseServerEnv, TEST_AUTH_SECRET } from "../support/server";
import { type SmtpSink, startSmtpSink } from "../support/smtp-sink";

const engine = testEngine();
const root = path.resolve(__dirname, "../..");

function startWorker(env: Record<string, string | undefined>): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const full: Record<string, string> = { ...baseServerEnv() };
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined) delete full[key];
    else full[key] = value;
  }
  const child = spawn(process.execPath, [path.join(root, "node_modules", "tsx", "dist", "cli.mjs"), "--conditions=react-server", path.join(root, "scripts", "worker.ts")], {
    cwd: root,
    env: full as NodeJS.ProcessEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, output: () => output, exited };
}

describe.runIf(engine === "postgres")("npm run worker beside a web-only server", () => {
  let sink: SmtpSink;
  let world: MailWorld;
  let worker: ReturnType<typeof startWorker> | undefined;

  afterAll(async () => {
    if (worker && worker.child.exitCode === null) worker.child.kill("SIGKILL");
    await world?.close();
    await sink?.stop();
  });

  it("runs the jobs the web server enqueues, and stops cleanly on SIGTERM", async () => {
    sink = await startSmtpSink();
    world = await startMailWorld(engine, { ...mailEnv(sink), JOB_WORKER: "off" });
    const user = await newUser(world.client);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(sink.to(user.email)).toHaveLength(0);

    worker = startWorker(world.env);
    await sink.waitFor((m) => m.to.includes(user.email), { timeoutMs: 30_000 });
    const started = worker;
    await expect.poll(() => started.output()).toContain("job worker started");
    worker.child.kill("SIGTERM");
    expect(await worker.exited).toBe(0);
    expect(sink.to(user.email)).toHaveLength(1);
  });
});

describe.runIf(engine === "embedded")("npm run worker on the embedded database", () => {
  it("refuses, and says why", async () => {
    const worker = startWorker({ KEEL_DATA_DIR: tempDir("worker"), AUTH_SECRET: TEST_AUTH_SECRET });
    expect(await worker.exited).toBe(2);
    expect(worker.output()).toMatch(/npm run worker needs a Postgres database \(DATABASE_URL\)/);
  });
});
