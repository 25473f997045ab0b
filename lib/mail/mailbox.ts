/**
 * The development mailbox: without SMTP_URL, outside production, every e-mail is written as one JSON
 * file under <KEEL_DATA_DIR>/mailbox and shown at /dev/mailbox. Files rather than a table, so the
 * production schema carries nothing that exists only for development.
 */
import { randomUUID } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";

export interface MailboxMessage {
  id: string;
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  /** ISO 8601 time it was stored. */
  date: string;
}

const ID = /^[0-9]{13}-[0-9a-f-]{36}$/;

export const mailboxDir = (dataDir: string) => path.join(dataDir, "mailbox");

export async function storeInMailbox(dataDir: string, mail: Omit<MailboxMessage, "id" | "date">): Promise<string> {
  const now = new Date();
  // The time first, so names sort by arrival.
  const id = `${now.getTime()}-${randomUUID()}`;
  const dir = mailboxDir(dataDir);
  await fs.mkdir(dir, { recursive: true });
  const file = path.join(dir, `${id}.json`);
  await fs.writeFile(file, JSON.stringify({ id, date: now.toISOString(), ...mail }, null, 2), { mode: 0o600 });
  return file;
}

/** Newest first. */
export async function listMailbox(dataDir: string, limit = 200): Promise<MailboxMessage[]> {
  let names: string[];
  try {
    names = await fs.readdir(mailboxDir(dataDir));
  } catch {
    return [];
  }
  const ids = names
    .filter((n) => n.endsWith(".json"))
    .map((n) => n.slice(0, -5))
    .filter((id) => ID.test(id))
    .sort()
    .reverse()
    .slice(0, limit);
  const messages = await Promise.all(ids.map((id) => readMailboxMessage(dataDir, id)));
  return messages.filter((m): m is MailboxMessage => m !== null);
}

export async function readMailboxMessage(dataDir: string, id: string): Promise<MailboxMessage | null> {
  // The id comes from a URL: only names this module wrote are read (no path traversal).
  if (!ID.test(id)) return null;
  try {
    return JSON.parse(await fs.readFile(path.join(mailboxDir(dataDir), `${id}.json`), "utf8")) as MailboxMessage;
  } catch {
    return null;
  }
}
