/**
 * The development mailbox: e-mails Keel would have sent, when no SMTP_URL is set (lib/mail/mailbox).
 * It does not exist in production (404), whatever the mail transport.
 */
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getConfig } from "@/lib/env";
import { listMailbox } from "@/lib/mail/mailbox";
import { LocalTime } from "@/app/_components/local-time";

export const metadata: Metadata = { title: "Development mailbox" };
export const dynamic = "force-dynamic";

export default async function MailboxPage() {
  const config = getConfig();
  if (config.production) notFound();
  const messages = await listMailbox(config.dataDir);
  return (
    <main>
      <h1>Development mailbox</h1>
      <p>
        {config.mail.transport === "mailbox"
          ? "E-mails are not sent in development without SMTP_URL; they are kept here instead, newest first."
          : `E-mails are sent through ${config.mail.transport === "smtp" ? "SMTP_URL" : "the log"}; messages kept here earlier are still listed.`}
      </p>
      {messages.length === 0 ? (
        <p data-testid="mailbox-empty">No e-mails yet.</p>
      ) : (
        <ul className="mailbox" data-testid="mailbox">
          {messages.map((m) => (
            <li key={m.id}>
              <Link href={`/dev/mailbox/${m.id}`}>{m.subject}</Link> to {m.to}{" "}
              <LocalTime iso={m.date} />
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}
