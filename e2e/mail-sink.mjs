#!/usr/bin/env node
/**
 * The mail server behind the browser tests: a real SMTP server on loopback (`smtp-server`, as in the
 * integration tests' tests/support/smtp-sink.ts) that keeps what it receives, parsed by `mailparser`,
 * and shows it to the tests over HTTP (the tests run in other processes than this one):
 *
 *   GET /messages?to=<address>   the messages to that address, oldest first, as JSON
 *   GET /health                  200 once both servers listen
 *
 *   node e2e/mail-sink.mjs <smtp port> <http port>
 */
import http from "node:http";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

const [smtpPort, httpPort] = process.argv.slice(2).map(Number);
if (!smtpPort || !httpPort) {
  console.error("usage: node e2e/mail-sink.mjs <smtp port> <http port>");
  process.exit(2);
}

const received = [];
const addresses = (value) =>
  (Array.isArray(value) ? value : value ? [value] : []).flatMap((a) => a.value.map((v) => (v.address ?? "").toLowerCase()));

const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ["STARTTLS"],
  logger: false,
  onData(stream, _session, callback) {
    simpleParser(stream).then(
      (parsed) => {
        received.push({
          to: addresses(parsed.to),
          subject: parsed.subject ?? "",
          text: parsed.text ?? "",
          html: typeof parsed.html === "string" ? parsed.html : "",
          date: new Date().toISOString(),
        });
        callback();
      },
      (error) => callback(error),
    );
  },
});
smtp.on("error", (error) => console.error("mail sink:", error.message));

const web = http.createServer((request, response) => {
  const url = new URL(request.url ?? "/", "http://localhost");
  if (url.pathname === "/health") return response.end("ok");
  if (url.pathname === "/messages") {
    const to = (url.searchParams.get("to") ?? "").toLowerCase();
    response.setHeader("content-type", "application/json");
    return response.end(JSON.stringify(received.filter((m) => !to || m.to.includes(to))));
  }
  response.statusCode = 404;
  response.end();
});

await new Promise((resolve) => smtp.listen(smtpPort, "127.0.0.1", resolve));
await new Promise((resolve) => web.listen(httpPort, "127.0.0.1", resolve));
for (const signal of ["SIGTERM", "SIGINT"]) {
  process.on(signal, () => {
    web.close();
    smtp.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 1_000).unref();
  });
}
