/** The e-mails the app sent during the run, as the SMTP server beside it received them (e2e/server.mjs). */
import fs from "node:fs";
import path from "node:path";
import { expect } from "@playwright/test";

export interface SentMail {
  to: string[];
  from: string;
  subject: string;
  text: string;
  html: string;
}

function readAll(): SentMail[] {
  const dir = path.join(process.env.KEEL_E2E_DATA_DIR!, "sent-mail");
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .sort()
    .map((name) => JSON.parse(fs.readFileSync(path.join(dir, name), "utf8")) as SentMail);
}

/** Waits for the e-mails to `address` (case-insensitively) and returns them. */
export async function mailTo(address: string, count = 1): Promise<SentMail[]> {
  let found: SentMail[] = [];
  await expect
    .poll(
      () => {
        found = readAll().filter((m) => m.to.some((to) => to.toLowerCase() === address.toLowerCase()));
        return found.length;
      },
      { timeout: 20_000, message: `an e-mail to ${address}` },
    )
    .toBeGreaterThanOrEqual(count);
  return found;
}

/** Waits for the `nth` message to `address` whose subject matches, and returns it. */
export async function waitForMail(address: string, subject: RegExp, nth = 1): Promise<SentMail> {
  let found: SentMail | undefined;
  await expect
    .poll(
      () => {
        const messages = readAll().filter(
          (m) => m.to.some((to) => to.toLowerCase() === address.toLowerCase()) && subject.test(m.subject),
        );
        found = messages[nth - 1];
        return messages.length;
      },
      { message: `an e-mail to ${address} about ${subject}`, timeout: 30_000 },
    )
    .toBeGreaterThanOrEqual(nth);
  return found!;
}

/** The path and query of the link to `page` in a message (the app's own origin is the test's baseURL). */
export function linkIn(message: SentMail, page: "reset-password" | "verify-email"): string {
  const match = new RegExp(`https?://[^\\s/]+(/${page}\\?token=[A-Za-z0-9_-]+)`).exec(message.text);
  expect(match, `a /${page} link in: ${message.text}`).not.toBeNull();
  return match![1]!;
}
