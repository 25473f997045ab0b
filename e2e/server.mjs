#!/usr/bin/env node
/**
 * The web server behind the browser tests: creates the administrator first, then runs `next start`
 * on the same embedded database, with a real SMTP server on loopback (smtp-server) taking the
 * e-mails it sends: each one is written, parsed, to <KEEL_DATA_DIR>/sent-mail/*.json for the tests
 * to read (e2e/support/mail.ts). With OIDC_ISSUER set, it also runs the test OpenID Connect provider
 * (tests/support/oidc-provider-main.ts, through tsx) at that address, with Keel's web client
 * (OIDC_CLIENT_ID/OIDC_CLIENT_SECRET, redirect URI ${APP_URL}/api/auth/callback/oidc).
 *
 * The API never creates administrators and PGlite allows one process per data folder, so the admin
 * has to be created through the `user:create` command before the server opens the folder. Signals
 * are passed on to `next start` (Playwright stops its web server with SIGTERM), so the server closes
 * the embedded database cleanly before this process exits.
 *
 *   node e2e/server.mjs <port>   (KEEL_DATA_DIR, KEEL_E2E_ADMIN_* and the server's env from the caller)
 */
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

const port = process.argv[2] ?? "3210";
const { KEEL_E2E_ADMIN_USERNAME: username, KEEL_E2E_ADMIN_EMAIL: email, KEEL_E2E_ADMIN_PASSWORD: password } = process.env;
if (!username || !email || !password) {
  console.error("e2e/server.mjs needs KEEL_E2E_ADMIN_USERNAME, KEEL_E2E_ADMIN_EMAIL and KEEL_E2E_ADMIN_PASSWORD.");
  process.exit(2);
}

function run(command, args, { input } = {}) {
  const child = spawn(command, args, { stdio: [input === undefined ? "inherit" : "pipe", "inherit", "inherit"] });
  if (input !== undefined) child.stdin.end(input);
  return child;
}

const exitCode = (child) => new Promise((resolve) => child.on("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0))));

const created = await exitCode(
  run("node", ["node_modules/tsx/dist/cli.mjs", "--conditions=react-server", "scripts/user-create.ts", "--admin", "--username", username, "--email", email], {
    input: `${password}\n`,
  }),
);
if (created !== 0) {
  console.error(`Creating the e2e administrator failed (exit ${created}).`);
  process.exit(created);
}

const smtpUrl = process.env.SMTP_URL;
let sink;
if (smtpUrl) {
  const outbox = path.join(process.env.KEEL_DATA_DIR ?? ".data", "sent-mail");
  fs.mkdirSync(outbox, { recursive: true });
  sink = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream).then(
        (mail) => {
          const record = {
            to: mail.to?.value?.map((a) => a.address) ?? [],
            from: mail.from?.text ?? "",
            subject: mail.subject ?? "",
            text: mail.text ?? "",
            html: typeof mail.html === "string" ? mail.html : "",
          };
          fs.writeFileSync(path.join(outbox, `${Date.now()}-${randomUUID()}.json`), JSON.stringify(record));
          callback();
        },
        (error) => callback(error),
      );
    },
  });
  await new Promise((resolve) => sink.listen(Number(new URL(smtpUrl).port), "127.0.0.1", resolve));
}

let idp;
if (process.env.OIDC_ISSUER) {
  idp = spawn("node", ["node_modules/tsx/dist/cli.mjs", "tests/support/oidc-provider-main.ts"], {
    stdio: ["ignore", "pipe", "inherit"],
    env: {
      ...process.env,
      KEEL_IDP_PORT: new URL(process.env.OIDC_ISSUER).port,
      KEEL_IDP_REDIRECT_URI: `${process.env.APP_URL}/api/auth/callback/oidc`,
    },
  });
  await new Promise((resolve, reject) => {
    idp.stdout.on("data", (chunk) => (String(chunk).includes("ready ") ? resolve() : undefined));
    idp.once("exit", (code) => reject(new Error(`the test identity provider exited with ${code}`)));
  });
}

const server = run("node", ["node_modules/next/dist/bin/next", "start", "-p", port, "-H", "127.0.0.1"]);
for (const signal of ["SIGTERM", "SIGINT"]) process.on(signal, () => server.kill(signal));
server.on("exit", () => {
  sink?.close(() => undefined);
  idp?.kill("SIGTERM");
});
process.exit(await exitCode(server));
