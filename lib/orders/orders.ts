/**
 * Orders of the signed-in user. The price is always computed here, by the server, from the weight,
 * the destination, the rate table in force and the user's paid orders; nothing a client sends can
 * set it.
 */
import { z } from "zod";
import type { SessionExtraArgs } from "@/lib/auth/sessions/session-user";
import { getDb } from "@/lib/db/client";
import { lockUser } from "@/lib/db/locks";
import { Conflict, NotFound } from "@/lib/errors";
import { priceParcel } from "@/lib/shipping/pricing";
import { cursorPages, type Page } from "@/lib/pagination";
import { paidOrderCount } from "@/lib/shipping/quote";
import { rateTableInForce } from "@/lib/shipping/rates";
import { orderRowSchema, toOrderDto, withEvents, type OrderDto } from "./dto";
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

/** Orders newest first: ids only grow, so a page never repeats or skips an order placed meanwhile. */
const orderPages = cursorPages("o", "desc");

/**
 * What the order list asks the session check for (`sessionExtras`): the page's window. Throws like
 * listOrders on a bad cursor; the route wrapper then asks for nothing and listOrders answers the error.
 */
export function orderPageExtra(query: ListOrdersQuery): SessionExtraArgs["orderPage"] {
  const { from, take } = orderPages.bounds(query);
  return { beforeId: from, take };
}

/**
 * The user's orders, newest first, a page at a time. `fetched`: the page's rows as the session
 * check read them (orderPageExtra's window); without it, Prisma reads them.
 */
export async function listOrders(userId: number, query: ListOrdersQuery, fetched?: unknown): Promise<Page<OrderDto>> {
  if (fetched !== undefined) return orderPages.page(z.array(orderRowSchema).parse(fetched), query, toOrderDto);
  const { idPastCursor, orderBy, take } = orderPages.window(query);
  const rows = await (await getDb()).order.findMany({ where: { userId, ...idPastCursor }, orderBy, take, include: withEvents });
  return orderPages.page(rows, query, toOrderDto);
}

/**
 * One of the user's orders. Another user's order is "not found", exactly like a missing one.
 * `fetched`: the order as the session check read it (null: none of this user's by that id);
 * without it, Prisma reads it.
 */
export async function getOrder(userId: number, orderId: number, fetched?: unknown): Promise<OrderDto> {
  const order =
    fetched !== undefined
      ? orderRowSchema.nullable().parse(fetched)
      : await (await getDb()).order.findFirst({ where: { id: orderId, userId }, include: withEvents });
  // The statement already asks for this user's order; checking the owner again costs nothing.
  if (!order || order.userId !== userId) throw new NotFound("There is no such order.");
  return toOrderDto(order);
}
