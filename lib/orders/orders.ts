/**
 * Orders of the signed-in user. The price is always computed here, by the server, from the weight,
 * the destination and the user's order history; nothing a client sends can set it.
 */
import { getDb } from "@/lib/db/client";
import { lockUser } from "@/lib/db/locks";
import { Conflict, NotFound } from "@/lib/errors";
import { priceShipment } from "@/lib/shipping/pricing";
import { countOrdersTowardLoyalty } from "@/lib/shipping/quote";
import { weightKgToGrams } from "@/lib/shipping/weight";
import { decodeCursor, encodeCursor } from "@/lib/http/cursor";
import { toOrderDto, type OrderDto } from "./dto";
import type { CreateOrderInput, ListOrdersQuery } from "./schemas";

export interface CreatedOrder {
  order: OrderDto;
  /** False when `reference` matched an order placed earlier (an idempotent retry). */
  created: boolean;
}

/**
 * Places an order. The user's row is locked for the duration of the transaction, so this user's
 * orders are counted and priced one at a time: two concurrent orders can neither both miss the
 * loyalty discount nor both get it wrongly.
 */
export async function createOrder(userId: number, input: CreateOrderInput): Promise<CreatedOrder> {
  const db = await getDb();
  return db.$transaction(async (tx) => {
    if (!(await lockUser(tx, userId))) throw new NotFound("This account no longer exists.");

    if (input.reference !== undefined) {
      const existing = await tx.order.findUnique({ where: { userId_reference: { userId, reference: input.reference } } });
      if (existing) {
        if (existing.weightGrams !== weightKgToGrams(input.weightKg) || existing.destination !== input.destination) {
          throw new Conflict("This reference was already used for a different order.", {
            reference: ["Already used for a different order."],
          });
        }
        return { order: toOrderDto(existing), created: false };
      }
    }

    const existingOrderCount = await countOrdersTowardLoyalty(tx, userId);
    const quote = priceShipment({ weightKg: input.weightKg, destination: input.destination, existingOrderCount });
    const order = await tx.order.create({
      data: {
        userId,
        reference: input.reference ?? null,
        destination: input.destination,
        weightGrams: weightKgToGrams(quote.weightKg)!,
        region: quote.region,
        ratePerKgCents: quote.ratePerKgCents,
        subtotalCents: quote.subtotalCents,
        discountCents: quote.discountCents,
        totalCents: quote.totalCents,
        currency: quote.currency,
        discountReason: quote.discountReason ?? null,
      },
    });
    return { order: toOrderDto(order), created: true };
  });
}

export interface OrderPage {
  items: OrderDto[];
  nextCursor: string | null;
}

/** The user's orders, newest first, a page at a time. */
export async function listOrders(userId: number, query: ListOrdersQuery): Promise<OrderPage> {
  const before = decodeCursor("o", query.cursor);
  const rows = await (await getDb()).order.findMany({
    where: { userId, ...(before !== undefined ? { id: { lt: before } } : {}) },
    orderBy: { id: "desc" },
    take: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  return {
    items: page.map(toOrderDto),
    nextCursor: rows.length > query.limit ? encodeCursor("o", page[page.length - 1]!.id) : null,
  };
}

/** One of the user's orders. Another user's order is "not found", exactly like a missing one. */
export async function getOrder(userId: number, orderId: number): Promise<OrderDto> {
  const order = await (await getDb()).order.findFirst({ where: { id: orderId, userId } });
  if (!order) throw new NotFound("There is no such order.");
  return toOrderDto(order);
}
