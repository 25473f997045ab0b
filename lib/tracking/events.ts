/**
 * Tracking events: what administrators record of a parcel on its way. Only for an order that is
 * paid or shipped (a parcel that exists and has not arrived); `delivered` is the lifecycle's own
 * step (POST /api/v1/admin/orders/{id}/status), so the timeline cannot say delivered twice.
 */
import { getDb } from "@/lib/db/client";
import { lockUser } from "@/lib/db/locks";
import { Conflict, NotFound } from "@/lib/errors";
import { type AdminOrderDto, customerView, toAdminOrderDto, withAdminEvents } from "@/lib/orders/dto";
import type { OrderStatus } from "@/lib/orders/lifecycle";
import { ensureTrackingNumber } from "./issue";
import { enqueueWebhookEvent } from "@/lib/webhooks/enqueue";
import { notifyRecipient } from "./notify";
import type { AddTrackingEventInput } from "./schemas";

const ON_ITS_WAY: ReadonlySet<OrderStatus> = new Set(["paid", "shipped"]);

export async function addTrackingEvent(orderId: number, input: AddTrackingEventInput, adminId: number): Promise<AdminOrderDto> {
  const db = await getDb();
  return db.$transaction(async (tx) => {
    // The same locks, in the same order, as a status change (lib/orders/status.ts): an event and a
    // delivery (or a cancellation) of one order are one after the other, and never deadlock.
    const owner = await tx.order.findUnique({ where: { id: orderId }, select: { userId: true } });
    if (!owner) throw new NotFound("There is no such order.");
    // An order whose account is gone (a paid order kept as a record) has no customer row to lock.
    if (owner.userId !== null) await lockUser(tx, owner.userId);
    const [locked] = await tx.$queryRaw<{ status: OrderStatus }[]>`SELECT status::text AS status FROM orders WHERE id = ${orderId} FOR UPDATE`;
    if (!locked) throw new NotFound("There is no such order.");
    if (!ON_ITS_WAY.has(locked.status)) {
      throw new Conflict(`An order that is ${locked.status} has no parcel on its way: tracking events are for paid and shipped orders.`);
    }
    await ensureTrackingNumber(tx, orderId);
    await tx.trackingEvent.create({
      data: { orderId, status: input.status, location: input.location ?? null, note: input.note ?? null, actorId: adminId },
    });
    await notifyRecipient(tx, orderId, { kind: "tracking", status: input.status, ...(input.location ? { location: input.location } : {}) });
    const order = toAdminOrderDto(await tx.order.findUniqueOrThrow({ where: { id: orderId }, include: withAdminEvents }));
    // The owner's webhooks hear of it in this same transaction, as the order as its owner sees it.
    if (owner.userId !== null) await enqueueWebhookEvent(tx, { userId: owner.userId, type: "tracking.updated", data: { order: customerView(order) } });
    return order;
  });
}
