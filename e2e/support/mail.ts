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
