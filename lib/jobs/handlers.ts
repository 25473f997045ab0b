/** What runs on each queue. A handler must be idempotent: a job can run again after a crash. */
import { cleanUpSecurityRecords } from "@/lib/security-centre/cleanup";
import { deliverEmail } from "@/lib/mail/deliver";
import { deliverWebhook } from "@/lib/webhooks/deliver";
import { sendEmailPayload, webhookDeliveryPayload } from "./payloads";
import { QUEUES, type QueueName } from "./queues";

export interface RunnableJob {
  id: string;
  data: unknown;
}

export const handlers: Record<QueueName, (job: RunnableJob) => Promise<object | void>> = {
  [QUEUES.sendEmail]: (job) => deliverEmail(job.id, sendEmailPayload.parse(job.data)),
  [QUEUES.securityCleanup]: () => cleanUpSecurityRecords(),
  [QUEUES.webhookDelivery]: (job) => deliverWebhook(webhookDeliveryPayload.parse(job.data)),
};
