/**
 * News for the person a parcel is addressed to, when the order has an e-mail address for them
 * (`recipient.email`): the tracking link when it ships, and each event after (tracking events,
 * delivered). Enqueued in the transaction of the change, like every e-mail (lib/jobs): it goes out
 * if and only if the change commits. The recipient is not a Keel user: the message carries the
 * tracking number and the public link, never prices or the customer's account.
 */
import type { DbTransaction } from "@/lib/db/types";
import { enqueue } from "@/lib/jobs/enqueue";
import { QUEUES } from "@/lib/jobs/queues";
import { partiesOf } from "./parties";
import type { TrackingEventStatus } from "./schemas";

export type RecipientNews = { kind: "shipped" | "delivered" } | { kind: "tracking"; status: TrackingEventStatus; location?: string };

export async function notifyRecipient(tx: DbTransaction, orderId: number, news: RecipientNews): Promise<void> {
  const order = await tx.order.findUniqueOrThrow({ where: { id: orderId } });
  const { sender, recipient } = partiesOf(order);
  if (!recipient?.email || !order.trackingNumber) return;
  await enqueue(tx, QUEUES.sendEmail, {
    to: recipient.email,
    message: {
      template: "parcel-update",
      recipientName: recipient.name.slice(0, 100),
      ...(sender ? { senderName: (sender.company || sender.name).slice(0, 100) } : {}),
      trackingNumber: order.trackingNumber,
      event: news.kind === "tracking" ? news.status : news.kind,
      ...(news.kind === "tracking" && news.location ? { location: news.location } : {}),
    },
  });
}
