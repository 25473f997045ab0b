/**
 * What administrators do with payments through POST /api/v1/admin/orders/{id}/status: a manual
 * payment (cash, invoice) needs a reason, is kept as a payment of its own and logged as activity;
 * cancelling a paid order refunds it in full through its provider.
 */
import "server-only";
import { recordActivity } from "@/lib/activity/activity";
import { getDb } from "@/lib/db/client";
import { NotFound } from "@/lib/errors";
import { type AdminOrderDto, toAdminOrderDto, withAdminEvents } from "@/lib/orders/dto";
import type { ChangeOrderStatusInput } from "@/lib/orders/schemas";
import { changeOrderStatus } from "@/lib/orders/status";
import { lockOrder } from "./outcomes";
import { refundAfterCancellation } from "./payments";
import type { RequestMeta } from "@/lib/http/request-meta";

async function adminView(orderId: number): Promise<AdminOrderDto> {
  const order = await (await getDb()).order.findUnique({ where: { id: orderId }, include: withAdminEvents });
  if (!order) throw new NotFound("There is no such order.");
  return toAdminOrderDto(order);
}

export async function changeOrderStatusAsAdmin(orderId: number, input: ChangeOrderStatusInput, adminId: number, meta: RequestMeta): Promise<AdminOrderDto> {
  const actor = { role: "admin", userId: adminId } as const;
  if (input.status === "paid") {
    const db = await getDb();
    await db.$transaction(async (tx) => {
      const order = await lockOrder(tx, orderId);
      if (!order) throw new NotFound("There is no such order.");
      // No assertPayable here, unlike a customer's payment (startPayment): the contract says an
      // administrator's manual payment (cash, invoice) "still works", old-style orders without a
      // recipient or sender included; the administrator takes the addresses outside Keel.
      // Only a step records a payment: marking a paid order paid again is the usual no-op.
      if (order.status === "placed") {
        const latest = await tx.payment.findFirst({ where: { orderId }, orderBy: { attempt: "desc" }, select: { attempt: true } });
        await tx.payment.create({
          data: {
            orderId,
            attempt: (latest?.attempt ?? 0) + 1,
            provider: "manual",
            status: "succeeded",
            amountCents: order.totalCents,
            currency: order.currency,
            reason: input.reason ?? null,
            paidAt: new Date(),
          },
        });
        await recordActivity(tx, { userId: adminId, type: "order_paid_manually", meta });
      }
      await changeOrderStatus(orderId, input, actor, tx);
    });
    return adminView(orderId);
  }
  await changeOrderStatus(orderId, input, actor);
  if (input.status === "cancelled") {
    await refundAfterCancellation(orderId);
    return adminView(orderId);
  }
  return adminView(orderId);
}
