/**
 * The send-email job: renders the message and hands it to the mail transport, at most once per job
 * as far as a database and an SMTP server allow.
 *
 * Why the user gets one e-mail even though a job can run twice (pg-boss retries a job whose worker
 * died, and a job that failed after the mail server accepted it):
 * - the job's id is the delivery key; once the mail server has accepted the message, a row in
 *   mail_deliveries says so, and any later run of the same job finds it and sends nothing;
 * - a crash in the middle of the SMTP conversation delivers nothing: an SMTP server only takes
 *   responsibility for a message when it answers the final "." of DATA, and discards a conversation
 *   that ends before that; the retry then delivers it once;
 * - the one window left is between the server's "250 OK" and the row being written (a few
 *   milliseconds): a crash exactly there sends the message a second time on retry. Closing it would
 *   need the mail server to take part in our transaction, which SMTP cannot do; at-least-once with
 *   this tiny window is the standard trade-off (a lost security notice would be worse than a double).
 */
import { mintLinkToken } from "@/lib/links/link-tokens";
import { linkUrl } from "@/lib/links/links";
import { getDb } from "@/lib/db/client";
import { getConfig } from "@/lib/env";
import type { z } from "zod";
import { registerJobHandler } from "@/lib/jobs/handlers";
import { sendEmailPayload } from "@/lib/jobs/payloads";
import { QUEUES } from "@/lib/jobs/queues";
import { needsLink, renderMessage } from "./templates";
import { sendMail } from "./transport";

export type SendEmailJob = z.output<typeof sendEmailPayload>;

export async function deliverEmail(jobId: string, data: SendEmailJob): Promise<{ delivered: boolean; messageId: string | null }> {
  const db = await getDb();
  const key = `send-email:${jobId}`;
  const earlier = await db.mailDelivery.findUnique({ where: { key } });
  if (earlier) return { delivered: false, messageId: earlier.messageId };

  const { appUrl } = getConfig().mail;
  // The one-time link is minted now, not when the job was created, so the token never sits in the
  // job's data. A run that fails after minting leaves a token nobody received; the retry replaces it
  // (one token per job).
  const token = data.link ? await mintLinkToken({ issuedBy: key, ...data.link, email: data.to }) : null;
  // Nothing left to link to (the account is gone, its address changed, already verified).
  if (!token && needsLink(data.message)) return { delivered: false, messageId: null };
  const content = renderMessage(data.message, { appUrl, ...(token && data.link ? { link: linkUrl(appUrl, data.link.purpose, token) } : {}) });
  const { messageId } = await sendMail({ to: data.to, ...content });
  await db.mailDelivery.createMany({
    data: [{ key, template: data.message.template, messageId: messageId?.slice(0, 500) ?? null }],
    skipDuplicates: true,
  });
  return { delivered: true, messageId };
}

registerJobHandler(QUEUES.sendEmail, (job) => deliverEmail(job.id, sendEmailPayload.parse(job.data)));
