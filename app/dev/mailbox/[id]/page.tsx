import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { cache } from "react";
import { getConfig } from "@/lib/env";
import { readMailboxMessage } from "@/lib/mail/mailbox";
import { LocalTime } from "@/app/_components/local-time";

// Read once per request, for the title and the page.
const readMessage = cache(readMailboxMessage);

/** Titled by its subject, as a mail app's window is. */
export async function generateMetadata({ params }: PageProps<"/dev/mailbox/[id]">): Promise<Metadata> {
  const config = getConfig();
  const message = config.production ? null : await readMessage(config.dataDir, (await params).id);
  return { title: message ? `E-mail: ${message.subject}` : "E-mail" };
}
export const dynamic = "force-dynamic";

export default async function MailboxMessagePage({ params }: PageProps<"/dev/mailbox/[id]">) {
  const config = getConfig();
  if (config.production) notFound();
  const message = await readMessage(config.dataDir, (await params).id);
  if (!message) notFound();
  // The HTML part in a sandboxed frame (no scripts; links open in the whole window, as in a mail app).
  const html = message.html.replace(/<head>/i, '<head><base target="_top">');
  return (
    <main>
      <p>
        <Link href="/dev/mailbox">Back to the mailbox</Link>
      </p>
      <h1 data-testid="mail-subject">{message.subject}</h1>
      <dl>
        <dt>From</dt>
        <dd>{message.from}</dd>
        <dt>To</dt>
        <dd data-testid="mail-to">{message.to}</dd>
        <dt>Date</dt>
        <dd>
          <LocalTime iso={message.date} />
        </dd>
      </dl>
      <iframe
        title="HTML part"
        srcDoc={html}
        sandbox="allow-popups allow-popups-to-escape-sandbox allow-top-navigation-by-user-activation"
        style={{ width: "100%", height: "32rem", border: "1px solid #ccc" }}
        data-testid="mail-html"
      />
      <h2>Text part</h2>
      <pre data-testid="mail-text" style={{ whiteSpace: "pre-wrap" }}>
        {message.text}
      </pre>
    </main>
  );
}
