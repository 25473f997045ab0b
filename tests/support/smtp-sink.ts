/**
 * A real SMTP server on loopback (the `smtp-server` package) that keeps what it receives, parsed by
 * `mailparser`, for tests to read. It can be stopped and started again on the same port (the mail
 * server is down), refuse every recipient (a permanent failure), or hold the next message without
 * answering the end of DATA (a delivery in flight when the sender dies).
 *
 * Like every SMTP server, it counts a message as received only when it answers the final "." of
 * DATA; a conversation cut before that is discarded.
 */
import { type AddressObject, type ParsedMail, simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import { freePort } from "./ports";

export interface ReceivedMail {
  to: string[];
  from: string;
  subject: string;
  text: string;
  html: string;
  parsed: ParsedMail;
}

export interface SmtpSink {
  port: number;
  url: string;
  received: ReceivedMail[];
  /** Connections whose message was held (stall mode) and never acknowledged. */
  stalled: number;
  /** Hold the next message: read it, never answer, until the client goes away. */
  stallNext(): void;
  /** Refuse every recipient with 550 (on) or accept them again (off). */
  rejectRecipients(on: boolean): void;
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Waits until `count` messages matched `predicate`, and returns them. */
  waitFor(predicate: (mail: ReceivedMail) => boolean, options?: { count?: number; timeoutMs?: number }): Promise<ReceivedMail[]>;
  to(address: string): ReceivedMail[];
}

const addresses = (value: AddressObject | AddressObject[] | undefined): string[] =>
  (Array.isArray(value) ? value : value ? [value] : []).flatMap((a) => a.value.map((v) => (v.address ?? "").toLowerCase()));

export async function startSmtpSink(): Promise<SmtpSink> {
  const port = await freePort();
  const received: ReceivedMail[] = [];
  let stallNext = false;
  let reject = false;
  let server: SMTPServer | null = null;

  const sink: SmtpSink = {
    port,
    url: `smtp://127.0.0.1:${port}`,
    received,
    stalled: 0,
    stallNext: () => {
      stallNext = true;
    },
    rejectRecipients: (on) => {
      reject = on;
    },
    async start() {
      server = new SMTPServer({
        authOptional: true,
        disabledCommands: ["STARTTLS"],
        logger: false,
        // stop() must not wait for a held (stalled) conversation.
        closeTimeout: 500,
        onRcptTo(address, _session, callback) {
          if (reject) {
            const error = new Error("mailbox unavailable") as Error & { responseCode: number };
            error.responseCode = 550;
            return callback(error);
          }
          callback();
        },
        onData(stream, _session, callback) {
          if (stallNext) {
            stallNext = false;
            sink.stalled++;
            // Read the message but never answer the final ".": the sender waits, as it would for a
            // slow server, until it gives up or dies.
            stream.resume();
            return;
          }
          simpleParser(stream).then(
            (parsed) => {
              received.push({
                to: addresses(parsed.to),
                from: addresses(parsed.from)[0] ?? "",
                subject: parsed.subject ?? "",
                text: parsed.text ?? "",
                html: typeof parsed.html === "string" ? parsed.html : "",
                parsed,
              });
              callback();
            },
            (error: Error) => callback(error),
          );
        },
      });
      server.on("error", () => undefined);
      await new Promise<void>((resolve, reject) => {
        server!.once("error", reject);
        server!.listen(port, "127.0.0.1", () => resolve());
      });
    },
    async stop() {
      const current = server;
      server = null;
      if (current) await new Promise<void>((resolve) => current.close(() => resolve()));
    },
    async waitFor(predicate, { count = 1, timeoutMs = 30_000 } = {}) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const matches = received.filter(predicate);
        if (matches.length >= count) return matches;
        if (Date.now() > deadline) {
          throw new Error(
            `expected ${count} matching e-mail(s) within ${timeoutMs} ms, got ${matches.length}; received: ` +
              JSON.stringify(received.map((m) => ({ to: m.to, subject: m.subject }))),
          );
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    to: (address) => received.filter((m) => m.to.includes(address.toLowerCase())),
  };
  await sink.start();
  return sink;
}
