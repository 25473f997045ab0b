/**
 * Where e-mail goes, chosen by configuration (lib/env.ts, MAIL_TRANSPORT / SMTP_URL):
 * - smtp: nodemailer to SMTP_URL (smtp:// with STARTTLS when offered, smtps:// for implicit TLS);
 * - mailbox: development without SMTP_URL, stored in the data folder and shown at /dev/mailbox;
 * - log: nothing is sent, one log line per message (chosen explicitly in production).
 */
import nodemailer from "nodemailer";
import { parseConnectionUrl } from "nodemailer/lib/shared";
import type SMTPTransport from "nodemailer/lib/smtp-transport";
import { getConfig } from "@/lib/env";
import { log } from "@/lib/log";
import { processSingleton } from "@/lib/process-singleton";
import { storeInMailbox } from "./mailbox";

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
}

export interface SentMail {
  /** The Message-ID the mail server accepted, or null when nothing was sent (log transport). */
  messageId: string | null;
}

function smtpTransport(url: string, timeoutSeconds: number) {
  // Every wait is bounded well inside the job's own timeout, so a hung mail server fails this
  // attempt (and the job retries) instead of leaving a job running after pg-boss gave it up.
  const budgetMs = Math.min(30_000, Math.floor((timeoutSeconds * 1000) / 3));
  return processSingleton("mail:smtp", () =>
    nodemailer.createTransport({
      ...parseConnectionUrl(url),
      connectionTimeout: budgetMs,
      greetingTimeout: budgetMs,
      socketTimeout: budgetMs,
    } as SMTPTransport.Options),
  );
}

/** Who the recipient is, without the whole address (logs must not collect addresses). */
export function maskAddress(address: string): string {
  const [local = "", domain = ""] = address.split("@");
  return `${local.slice(0, 1)}***@${domain}`;
}

export async function sendMail(mail: OutgoingMail): Promise<SentMail> {
  const { mail: config, jobs, dataDir } = getConfig();
  switch (config.transport) {
    case "smtp": {
      const info = await smtpTransport(config.smtpUrl!, jobs.timeoutSeconds).sendMail({
        from: config.from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
      });
      return { messageId: info.messageId ?? null };
    }
    case "mailbox": {
      const file = await storeInMailbox(dataDir, { from: config.from, ...mail });
      log.info("e-mail stored in the development mailbox", { to: maskAddress(mail.to), open: `${config.appUrl}/dev/mailbox`, file });
      return { messageId: null };
    }
    case "log":
      // The body may hold a one-time link: never logged.
      log.info("e-mail not sent (MAIL_TRANSPORT=log)", { to: maskAddress(mail.to), subject: mail.subject });
      return { messageId: null };
  }
}
