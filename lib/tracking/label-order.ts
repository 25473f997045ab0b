/**
 * GET /api/v1/orders/{id}/label: the label of one of the caller's orders, once it is paid (a label
 * before payment would let a parcel travel unpaid, and there is no tracking number yet).
 */
import "server-only";
import { getDb } from "@/lib/db/client";
import { getConfig } from "@/lib/env";
import { consumeAll, defineLimit, FIFTEEN_MINUTES } from "@/lib/rate-limit/limiter";
import { Conflict, NotFound } from "@/lib/errors";
import { gramsToKg } from "@/lib/shipping/weight";
import { ensureTrackingNumber } from "./issue";
import { renderLabel } from "./label";
import { partiesOf } from "./parties";
import { hasLabel } from "./schemas";

/** The weight the order was charged for: the chargeable weight when it has dimensions, else the actual. */
function chargedGrams(order: { weightGrams: number }): number {
  const chargeable = "chargeableGrams" in order ? order.chargeableGrams : null;
  return typeof chargeable === "number" ? chargeable : order.weightGrams;
}

/**
 * Labels rendered per user: each is a PDF with embedded fonts and a barcode, far dearer than any
 * JSON answer, so one account (or a leaked API key) cannot keep the server busy rendering them.
 * Only a label that will be rendered counts (not a 404 or a 409). Guards no secret: counted per
 * instance while Redis is away.
 */
const labelUserLimit = defineLimit({
  name: "label-user",
  points: () => getConfig().tracking.labelsPerUser,
  durationSeconds: FIFTEEN_MINUTES,
  whenDown: "count-per-instance",
});

export async function orderLabel(userId: number, orderId: number, now = new Date()): Promise<Uint8Array> {
  const db = await getDb();
  let order = await db.order.findFirst({ where: { id: orderId, userId } });
  if (!order) throw new NotFound("There is no such order.");
  if (!hasLabel(order.status)) throw new Conflict(`An order that is ${order.status} has no label: labels exist once an order is paid.`);
  await consumeAll([[labelUserLimit, `user:${userId}`]], "Too many labels downloaded. Try again later.");
  if (!order.trackingNumber) {
    // Paid before tracking numbers existed: it gets its number now, under the row lock issuing needs.
    await db.$transaction(async (tx) => {
      await tx.$queryRaw`SELECT id FROM orders WHERE id = ${orderId} FOR UPDATE`;
      await ensureTrackingNumber(tx, orderId);
    });
    order = await db.order.findFirstOrThrow({ where: { id: orderId, userId } });
  }
  const { sender, recipient } = partiesOf(order);
  return renderLabel({
    orderId: order.id,
    trackingNumber: order.trackingNumber!,
    sender,
    recipient,
    destination: order.destination,
    weightKg: gramsToKg(chargedGrams(order)),
    zone: order.region,
    printedAt: now,
  });
}
