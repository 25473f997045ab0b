/**
 * Moving orders through their lifecycle (lib/orders/lifecycle.ts): administrators mark them paid,
 * shipped, delivered or cancelled; customers cancel their own placed orders. Every change is one
 * transaction that locks the order's row, so of two administrators acting on one order at once the
 * second sees the first one's result: the same status again is a no-op, anything else is judged
 * against the new status (and is usually illegal).
 */
import { getDb } from "@/lib/db/client";
import { lockUser } from "@/lib/db/locks";
import { inTransaction } from "@/lib/db/transaction";
import type { DbTransaction } from "@/lib/db/types";
import { IllegalTransition, NotFound } from "@/lib/errors";
import { enqueue } from "@/lib/jobs/enqueue";
import { QUEUES } from "@/lib/jobs/queues";
import { gramsToKg } from "@/lib/shipping/weight";
import type { WebhookEvent } from "@/lib/webhooks/events";
import { enqueueWebhookEvent } from "@/lib/webhooks/enqueue";
import { ensureTrackingNumber } from "@/lib/tracking/issue";
import { notifyRecipient } from "@/lib/tracking/notify";
import { cursorPages, type Page } from "@/lib/pagination";
import { type AdminOrderDto, customerView, toAdminOrderDto, withAdminEvents, type OrderDto } from "./dto";
import { receiptOf } from "@/lib/payments/receipt";
import { customerMayCancel, type OrderStatus, transitionOf } from "./lifecycle";
import type { AdminListOrdersQuery, ChangeOrderStatusInput } from "./schemas";

/**
 * Who is changing the status: the order's customer (who may only cancel), an administrator, or a
 * payment the customer made (lib/payments: a provider's verified success, or its refund).
 */
export type StatusActor = { role: "customer"; userId: number } | { role: "admin"; userId: number } | { role: "payment"; userId: number | null };

/** The order confirmation (paid), the tracking notice (shipped) or the cancellation notice, to the order's customer. */
async function enqueueOrderEmail(tx: DbTransaction, orderId: number, input: ChangeOrderStatusInput, trackingNumber: string | null, actor: StatusActor): Promise<void> {
  const order = await tx.order.findUniqueOrThrow({ where: { id: orderId }, include: { user: { select: { username: true, email: true } } } });
  // An order whose account is gone has nobody to tell.
  if (!order.user) return;
  const summary = {
    username: order.user.username,
    orderId: order.id,
    destination: order.destination,
    weightKg: gramsToKg(order.weightGrams),
    totalCents: order.totalCents,
    currency: order.currency,
  };
  const message =
    input.status === "shipped"
      ? { template: "order-shipped" as const, ...summary, trackingNumber: (order.carrierNumber ?? trackingNumber)!, publicTrackingNumber: trackingNumber ?? undefined }
      : input.status === "cancelled"
        ? { template: "order-cancelled" as const, ...summary, byCustomer: actor.role === "customer" }
        : { template: "order-confirmation" as const, ...summary, ...(await receiptOf(tx, orderId)) };
  await enqueue(tx, QUEUES.sendEmail, { to: order.user.email, message });
}

/**
 * Changes an order's status in one transaction: lock, check the transition, update, record the
 * event. Returns the order as it is afterwards (unchanged for a repeat of the current status).
 */
export async function changeOrderStatus(
  orderId: number,
  input: ChangeOrderStatusInput,
  actor: StatusActor,
  // A payment's success or refund changes the status inside its own transaction (lib/payments).
  outer?: DbTransaction,
): Promise<AdminOrderDto> {
  const db = await getDb();
  return inTransaction(db, outer, async (tx) => {
    // The owner's lock first, as placing an order takes it: a payment and a new order of the same
    // customer are then strictly one after the other for the loyalty count, and never deadlock.
    const owner = await tx.order.findUnique({ where: { id: orderId }, select: { userId: true } });
    if (!owner || (actor.role === "customer" && owner.userId !== actor.userId)) throw new NotFound("There is no such order.");
    if (owner.userId !== null) await lockUser(tx, owner.userId);
    const [locked] = await tx.$queryRaw<{ status: OrderStatus }[]>`SELECT status::text AS status FROM orders WHERE id = ${orderId} FOR UPDATE`;
    if (!locked) throw new NotFound("There is no such order.");

    const kind = transitionOf(locked.status, input.status);
    if (kind === "illegal" || (actor.role === "customer" && kind === "step" && !customerMayCancel(locked.status))) {
      throw new IllegalTransition(`An order that is ${locked.status} cannot become ${input.status}.`);
    }
    if (kind === "step") {
      await tx.order.update({
        where: { id: orderId },
        data: {
          status: input.status,
          ...(input.status === "shipped" && input.trackingNumber !== undefined ? { carrierNumber: input.trackingNumber } : {}),
          events: { create: { status: input.status, actorId: actor.userId, note: input.note ?? null } },
        },
      });
      // Paid is where Keel's S10 number is issued, in this transaction whoever makes the order paid;
      // an order paid before numbers existed gets its own when it ships.
      const trackingNumber = input.status === "paid" || input.status === "shipped" ? await ensureTrackingNumber(tx, orderId) : null;
      // The e-mail job commits if and only if the status change does; a repeat of the current
      // status never reaches this point, so a retried request sends nothing twice.
      if (input.status === "paid" || input.status === "shipped" || input.status === "cancelled") await enqueueOrderEmail(tx, orderId, input, trackingNumber, actor);
      if (input.status === "shipped" || input.status === "delivered") await notifyRecipient(tx, orderId, { kind: input.status });
    }
    const order = toAdminOrderDto(await tx.order.findUniqueOrThrow({ where: { id: orderId }, include: withAdminEvents }));
    // The owner's webhooks hear of the step in this same transaction (lib/webhooks/enqueue.ts).
    if (kind === "step" && owner.userId !== null) await enqueueWebhookEvent(tx, { userId: owner.userId, type: orderEventOf(input.status), data: { order: customerView(order) } });
    return order;
  });
}

/** The webhook event of a step: every status a step can reach has one (placed is never a step). */
function orderEventOf(status: OrderStatus): WebhookEvent {
  return `order.${status}` as WebhookEvent;
}

/** POST /api/v1/orders/{id}/cancel: the customer cancels their own order while it is placed. */
export async function cancelOwnOrder(userId: number, orderId: number): Promise<OrderDto> {
  return customerView(await changeOrderStatus(orderId, { status: "cancelled" }, { role: "customer", userId }));
}

/**
 * Any customer's order, for an administrator (the web order page: an administrator follows a link
 * from the orders list to the order itself). The admin guard is the caller's; missing is NotFound.
 */
export async function getAnyOrder(orderId: number): Promise<AdminOrderDto> {
  const order = await (await getDb()).order.findUnique({ where: { id: orderId }, include: withAdminEvents });
  if (!order) throw new NotFound("There is no such order.");
  return toAdminOrderDto(order);
}

export type AdminOrderPage = Page<AdminOrderDto>;

/** Every customer's orders, newest first; cursors of their own kind ("a"), so a customer-list cursor is refused. */
const adminOrderPages = cursorPages("a", "desc");

/** Every customer's orders, newest first, optionally of one status and/or one customer. */
export async function listAllOrders(query: AdminListOrdersQuery): Promise<AdminOrderPage> {
  const { idPastCursor, orderBy, take } = adminOrderPages.window(query);
  const rows = await (await getDb()).order.findMany({
    where: {
      ...(query.status ? { status: query.status } : {}),
      ...(query.userId ? { userId: query.userId } : {}),
      ...idPastCursor,
    },
    orderBy,
    take,
    include: withAdminEvents,
  });
  return adminOrderPages.page(rows, query, toAdminOrderDto);
}

/** The id of the account with this username (case-insensitive), for the admin page's customer filter; null when none. */
/** The username of the account `userId` names, or null when there is none (the admin orders page's heading). */
export async function customerNameOf(userId: number): Promise<string | null> {
  const user = await (await getDb()).user.findUnique({ where: { id: userId }, select: { username: true } });
  return user?.username ?? null;
}

export async function customerIdOf(username: string): Promise<number | null> {
  const user = await (await getDb()).user.findUnique({ where: { username }, select: { id: true } });
  return user?.id ?? null;
}
