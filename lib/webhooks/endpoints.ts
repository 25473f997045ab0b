/**
 * A user's webhook endpoints and their delivery log (the /api/v1/profile/webhooks routes and the
 * profile's webhooks page). Another user's endpoint or delivery is "not found", like a missing one.
 */
import { getDb } from "@/lib/db/client";
import { lockUser } from "@/lib/db/locks";
import { Conflict, NotFound, ValidationFailed } from "@/lib/errors";
import { enqueue } from "@/lib/jobs/enqueue";
import { QUEUES } from "@/lib/jobs/queues";
import { cursorPages, type Page } from "@/lib/pagination";
import { urlAddressProblem } from "./address-policy";
import { ATTEMPTS_LISTED, toDeliveryDto, toWebhookDto, type WebhookDeliveryDto, type WebhookDto } from "./dto";
import { type CreateWebhookInput, type ListDeliveriesQuery, MAX_WEBHOOKS_PER_USER, type UpdateWebhookInput } from "./schemas";
import { newWebhookSecret, sealSecret } from "./secret";

export interface WebhookWithSecret {
  webhook: WebhookDto;
  /** `whsec_...`, shown this once. */
  secret: string;
}

async function checkAddress(url: string): Promise<void> {
  const problem = await urlAddressProblem(new URL(url));
  if (problem) throw new ValidationFailed("The URL cannot receive webhooks.", { url: [problem] });
}

export async function createWebhook(userId: number, input: CreateWebhookInput): Promise<WebhookWithSecret> {
  await checkAddress(input.url);
  const secret = newWebhookSecret();
  const db = await getDb();
  const row = await db.$transaction(async (tx) => {
    await lockUser(tx, userId);
    if ((await tx.webhookEndpoint.count({ where: { userId } })) >= MAX_WEBHOOKS_PER_USER) {
      throw new Conflict(`An account can have at most ${MAX_WEBHOOKS_PER_USER} webhooks.`);
    }
    return tx.webhookEndpoint.create({ data: { userId, url: input.url, events: input.events, ...sealSecret(userId, secret) } });
  });
  return { webhook: toWebhookDto(row), secret };
}

export async function listWebhooks(userId: number): Promise<{ items: WebhookDto[] }> {
  const rows = await (await getDb()).webhookEndpoint.findMany({ where: { userId }, orderBy: { id: "asc" } });
  return { items: rows.map(toWebhookDto) };
}

async function ownWebhook(userId: number, id: number) {
  const row = await (await getDb()).webhookEndpoint.findFirst({ where: { id, userId } });
  if (!row) throw new NotFound("There is no such webhook.");
  return row;
}

export async function getWebhook(userId: number, id: number): Promise<WebhookDto> {
  return toWebhookDto(await ownWebhook(userId, id));
}

export async function updateWebhook(userId: number, id: number, input: UpdateWebhookInput): Promise<WebhookDto> {
  if (input.url !== undefined) await checkAddress(input.url);
  const db = await getDb();
  const { count } = await db.webhookEndpoint.updateMany({
    where: { id, userId },
    data: {
      ...(input.url !== undefined ? { url: input.url } : {}),
      ...(input.events !== undefined ? { events: input.events } : {}),
      // Turned on again: a fresh start for the failure tracking that disabled it.
      ...(input.enabled !== undefined ? { enabled: input.enabled, ...(input.enabled ? { failingSince: null } : {}) } : {}),
    },
  });
  if (count === 0) throw new NotFound("There is no such webhook.");
  return getWebhook(userId, id);
}

export async function deleteWebhook(userId: number, id: number): Promise<void> {
  await (await getDb()).$transaction(async (tx) => {
    // Deliveries first, then the endpoint: the order in which recording an attempt takes them
    // (deliver.ts: the delivery's row, then the endpoint's failingSince). Deleting the endpoint alone
    // takes them the other way round (its row, then the deliveries the cascade deletes), and a delete
    // while an attempt was being recorded deadlocked: Postgres aborted the delete, a 500 (the contract
    // test in a fresh-clone CI run; webhooks.test.ts reproduces it).
    await tx.$queryRaw`
      SELECT d.id FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.webhook_id
      WHERE d.webhook_id = ${id} AND e.user_id = ${userId} ORDER BY d.id FOR UPDATE OF d`;
    const { count } = await tx.webhookEndpoint.deleteMany({ where: { id, userId } });
    if (count === 0) throw new NotFound("There is no such webhook.");
  });
}

/** A new signing secret; the old one stops signing at once (deliveries still queued use the new one). */
export async function rotateWebhookSecret(userId: number, id: number): Promise<WebhookWithSecret> {
  const secret = newWebhookSecret();
  const { count } = await (await getDb()).webhookEndpoint.updateMany({ where: { id, userId }, data: sealSecret(userId, secret) });
  if (count === 0) throw new NotFound("There is no such webhook.");
  return { webhook: await getWebhook(userId, id), secret };
}

const deliveryPages = cursorPages("d", "desc");

export async function listDeliveries(userId: number, webhookId: number, query: ListDeliveriesQuery): Promise<Page<WebhookDeliveryDto>> {
  await ownWebhook(userId, webhookId);
  const { idPastCursor, orderBy, take } = deliveryPages.window(query);
  const rows = await (await getDb()).webhookDelivery.findMany({
    where: { webhookId, ...idPastCursor },
    orderBy,
    take,
    include: { attemptLog: { orderBy: { attempt: "desc" }, take: ATTEMPTS_LISTED } },
  });
  return deliveryPages.page(rows, query, toDeliveryDto);
}

/**
 * One more attempt, now: for a failed or succeeded delivery (sent again, same `webhook-id`), or a
 * pending one that should not wait for its next scheduled attempt (that one then finds its attempt
 * taken and does nothing).
 */
export async function retryDelivery(userId: number, webhookId: number, deliveryId: number): Promise<void> {
  const webhook = await ownWebhook(userId, webhookId);
  if (!webhook.enabled) throw new Conflict("The webhook is disabled. Enable it first.");
  const db = await getDb();
  await db.$transaction(async (tx) => {
    const [delivery] = await tx.$queryRaw<{ attempts: number }[]>`
      SELECT attempts FROM webhook_deliveries WHERE id = ${deliveryId} AND webhook_id = ${webhookId} FOR UPDATE`;
    if (!delivery) throw new NotFound("There is no such delivery.");
    await tx.webhookDelivery.update({ where: { id: deliveryId }, data: { status: "pending", nextAttemptAt: new Date() } });
    await enqueue(tx, QUEUES.webhookDelivery, { deliveryId, attempt: delivery.attempts + 1 });
  });
}
