/**
 * The e-mails the app sent during the browser tests, read from the SMTP sink the Playwright config
 * starts (e2e/mail-sink.mjs), and the one-time links in them.
 */
import { expect } from "@playwright/test";

export const MAIL_SINK_HTTP_PORT = Number(process.env.KEEL_E2E_PORT || 3210) + 21000;
export const MAIL_SINK_SMTP_PORT = Number(process.env.KEEL_E2E_PORT || 3210) + 20000;

interface SinkMessage {
  to: string[];
  subject: string;
  text: string;
  html: string;
}

/** Waits for the `nth` message to `address` whose subject matches, and returns it. */
export async function waitForMail(address: string, subject: RegExp, nth = 1): Promise<SinkMessage> {
  let found: SinkMessage | undefined;
  await expect
    .poll(
      async () => {
        const response = await fetch(`http://127.0.0.1:${MAIL_SINK_HTTP_PORT}/messages?to=${encodeURIComponent(address)}`);
        const messages = ((await response.json()) as SinkMessage[]).filter((m) => subject.test(m.subject));
        found = messages[nth - 1];
        return messages.length;
      },
      { message: `an e-mail to ${address} about ${subject}`, timeout: 30_000 },
    )
    .toBeGreaterThanOrEqual(nth);
  return found!;
}

/** The path and query of the link to `page` in a message (the app's own origin is the test's baseURL). */
export function linkIn(message: SinkMessage, page: "reset-password" | "verify-email"): string {
  const match = new RegExp(`https?://[^\\s/]+(/${page}\\?token=[A-Za-z0-9_-]+)`).exec(message.text);
  expect(match, `a /${page} link in: ${message.text}`).not.toBeNull();
  return match![1]!;
}
