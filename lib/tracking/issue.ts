/**
 * Issuing Keel's S10 tracking numbers. An order gets one in the transaction that makes it paid
 * (lib/orders/status.ts, whoever causes the change: an administrator, a payment), so a paid order
 * always has one and a rolled-back payment leaves none. Orders paid before numbers existed get one
 * the first time they need it (shipping, a label).
 */
import { getConfig } from "@/lib/env";
import type { DbTransaction } from "@/lib/db/types";
import { isCountryCode } from "@/lib/shipping/countries";
import { partiesOf } from "./parties";
import { s10Number } from "./s10";

/**
 * The order's tracking number, issued now if it has none. The caller holds the order's row lock
 * (SELECT ... FOR UPDATE), so two requests cannot both issue one. The serial comes from the
 * tracking_serials sequence; the country is the sender's, or TRACKING_ORIGIN_COUNTRY for orders
 * without a sender address.
 */
export async function ensureTrackingNumber(tx: DbTransaction, orderId: number): Promise<string> {
  const order = await tx.order.findUniqueOrThrow({ where: { id: orderId } });
  if (order.trackingNumber) return order.trackingNumber;
  const senderCountry = partiesOf(order).sender?.country;
  const country = senderCountry && isCountryCode(senderCountry) ? senderCountry : getConfig().tracking.originCountry;
  const [row] = await tx.$queryRaw<{ serial: number }[]>`SELECT nextval('tracking_serials')::int AS serial`;
  const trackingNumber = s10Number(row!.serial, country);
  await tx.order.update({ where: { id: orderId }, data: { trackingNumber } });
  return trackingNumber;
}
