/**
 * Orders of the signed-in user. The price is always computed here, by the server, from the weight,
 * the destination, the rate table in force and the user's paid orders; nothing a client sends can
 * set it.
 */
import { type FragmentHolder, fragmentValue } from "@/lib/auth/sessions/session-fragment";
import { getDb } from "@/lib/db/client";
import { lockUser } from "@/lib/db/locks";
import { Conflict, NotFound } from "@/lib/errors";
import { priceParcel } from "@/lib/shipping/pricing";
import type { Page } from "@/lib/pagination";
import { paidOrderCount } from "@/lib/shipping/loyalty";
import { rateTableInForce } from "@/lib/shipping/rates";
import { toOrderDto, withEvents, type OrderDto } from "./dto";
import { orderFragment, orderPageFragment, orderPages } from "./preload";
import type { CreateOrderInput, ListOrdersQuery } from "./schemas";

export interface CreatedOrder {
  order: OrderDto;
  /** False when `reference` matched an order placed earlier (an idempotent retry). */
  created: boolean;
}

/**
 * Places an order. The user's row is locked for the duration of the transaction, so this user's
 * orders are counted and priced one at a time: two concurrent orders can neither both miss the
 * loyalty discount nor both get it wrongly. Status changes take the same lock
 * (lib/orders/status.ts), so an order being marked paid is counted either fully before or after.
 */
export async function createOrder(userId: number, input: CreateOrderInput): Promise<CreatedOrder> {
  const db = await getDb();
  return db.$transaction(async (tx) => {
    if (!(await lockUser(tx, userId))) throw new NotFound("This account no longer exists.");

    if (input.reference !== undefined) {
      const existing = await tx.order.findUnique({ where: { userId_reference: { userId, reference: input.reference } }, include: withEvents });
      if (existing) {
        if (existing.weightGrams !== input.weightGrams || existing.destination !== input.destination) {
          throw new Conflict("This reference was already used for a different order.", {
            reference: ["Already used for a different order."],
          });
        }
        return { order: toOrderDto(existing), created: false };
      }
    }

    // Read inside the transaction: a version published a moment ago prices this order.
    const [table, count] = await Promise.all([rateTableInForce(tx), paidOrderCount(tx, userId)]);
    const quote = priceParcel({ weightGrams: input.weightGrams, destination: input.destination, table, paidOrderCount: count });
    const order = await tx.order.create({
      data: {
        userId,
        reference: input.reference ?? null,
        destination: input.destination,
        weightGrams: input.weightGrams,
        region: quote.region,
        ratePerKgCents: quote.ratePerKgCents,
        minimumChargeCents: quote.minimumChargeCents,
        subtotalCents: quote.subtotalCents,
        discountCents: quote.discountCents,
        totalCents: quote.totalCents,
        currency: quote.currency,
        discountReason: quote.discountReason ?? null,
        ratesVersion: quote.ratesVersion,
        status: "placed",
        events: { create: { status: "placed", actorId: userId } },
      },
      include: withEvents,
    });
    return { order: toOrderDto(order), created: true };
  });
}

/** The keyset window of one page of the list (throws on a bad cursor, as listOrders does). */
export function orderPageWindow(query: ListOrdersQuery): { beforeId: number | undefined; take: number } {
  const { from, take } = orderPages.bounds(query);
  return { beforeId: from, take };
}

/**
 * The user's orders, newest first, a page at a time: from the session statement when the route
 * preloaded this page (lib/orders/preload.ts), otherwise read.
 */
export async function listOrders(user: FragmentHolder, query: ListOrdersQuery): Promise<Page<OrderDto>> {
  const rows = await fragmentValue(user, orderPageFragment, orderPageWindow(query));
  return orderPages.page(rows, query, toOrderDto);
}

/** One of the user's orders. Another user's order is "not found", exactly like a missing one. */
export async function getOrder(user: FragmentHolder, orderId: number): Promise<OrderDto> {
  const order = await fragmentValue(user, orderFragment, { orderId });
  // The statement already asks for this user's order; checking the owner again costs nothing.
  if (!order || order.userId !== user.id) throw new NotFound("There is no such order.");
  return toOrderDto(order);
}
