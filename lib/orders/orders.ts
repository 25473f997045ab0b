/**
 * Orders of the signed-in user. The price is always computed here, by the server, from the weight,
 * the destination, the rate table in force and the user's paid orders; nothing a client sends can
 * set it.
 */
import { addressOfUser, defaultSender } from "@/lib/addresses/book";
import type { Address } from "@/lib/addresses/schemas";
import { Prisma } from "@/lib/db/generated/client";
import type { Db } from "@/lib/db/types";
import { ValidationFailed } from "@/lib/errors";
import { type RateTable, zoneFor } from "@/lib/shipping/pricing";
import { checkedRateTable } from "@/lib/shipping/rates";
import { weightKgToGrams } from "@/lib/shipping/weight";
import type { CountryCode } from "@/lib/shipping/countries";
import { type FragmentHolder, fragmentValue } from "@/lib/auth/sessions/session-fragment";
import { getDb } from "@/lib/db/client";
import { lockUser } from "@/lib/db/locks";
import { Conflict, NotFound } from "@/lib/errors";
import { priceParcel } from "@/lib/shipping/pricing";
import { isCountryCode } from "@/lib/shipping/countries";
import type { Page } from "@/lib/pagination";
import { paidOrderCount } from "@/lib/shipping/loyalty";
import { rateTableInForce } from "@/lib/shipping/rates";
import { shipmentFields, toOrderDto, withEvents, type ContentsDto, type OrderDto } from "./dto";
import { orderFragment, orderPageFragment, orderPages } from "./preload";
import type { ContentsInput, CreateOrderInput, ListOrdersQuery, SenderInput, UpdateOrderInput } from "./schemas";

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
    const quote = priceParcel({
      weightGrams: input.weightGrams,
      dimensionsMm: input.dimensionsMm,
      destination: input.destination,
      table,
      paidOrderCount: count,
    });
    // The first clients' orders (weight and destination only) stay as they were: no sender is
    // assumed for them. Addressed ones get the default sender unless they name one.
    const sender = input.sender ? await resolveSender(tx, userId, input.sender) : input.addressed ? await defaultSender(tx, userId) : null;
    const contents = input.contents ?? null;
    checkCustoms(table, { destination: input.destination, sender, contents });
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
        lengthMm: input.dimensionsMm?.lengthMm ?? null,
        widthMm: input.dimensionsMm?.widthMm ?? null,
        heightMm: input.dimensionsMm?.heightMm ?? null,
        chargeableGrams: input.addressed ? gramsOf(quote.chargeableWeightKg) : null,
        recipient: jsonOrNull(input.recipient),
        sender: jsonOrNull(sender),
        contents: jsonOrNull(contents),
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

const gramsOf = (kg: number): number => weightKgToGrams(kg)!;

/** A validated copy (plain strings and numbers) as a JSON column's value; SQL NULL for none. */
function jsonOrNull(value: Address | ContentsInput | ContentsDto | null | undefined): Prisma.InputJsonObject | typeof Prisma.DbNull {
  return value ? ({ ...value } as Prisma.InputJsonObject) : Prisma.DbNull;
}

/** `sender` as sent: an address, or one of the caller's own address-book entries by id. */
async function resolveSender(tx: Db, userId: number, sender: SenderInput): Promise<Address> {
  if (!("addressId" in sender)) return sender;
  const address = await addressOfUser(tx, userId, sender.addressId);
  // Another user's entry reads exactly like a missing one.
  if (!address) throw new ValidationFailed("The request is not valid.", { "sender.addressId": ["There is no such address in your address book."] });
  return address;
}

/**
 * Customs: a parcel that leaves its sender's zone (in the order's rate table) must declare its
 * contents. Without a sender yet there is nothing to compare; the rule is checked again when one is
 * set (updateOrder), so an order that has both addresses always satisfies it.
 */
export function customsRequired(table: RateTable, destination: string, senderCountry: string): boolean {
  if (!isCountryCode(destination) || !isCountryCode(senderCountry)) return true;
  return zoneFor(table, destination as CountryCode).code !== zoneFor(table, senderCountry).code;
}

function checkCustoms(table: RateTable, order: { destination: string; sender: Address | null; contents: ContentsInput | ContentsDto | null }): void {
  if (order.sender && !order.contents && customsRequired(table, order.destination, order.sender.country)) {
    throw new ValidationFailed("Customs needs to know what is inside.", {
      contents: ["Describe the contents and their value: the parcel leaves the sender's zone."],
    });
  }
}

/**
 * PATCH /api/v1/orders/{id}: the owner changes the addresses or the contents while the order is
 * `placed`; afterwards (paid, shipped, ...) it is 409. The price does not change: a recipient must
 * be in the country the order was priced for.
 */
export async function updateOrder(userId: number, orderId: number, input: UpdateOrderInput): Promise<OrderDto> {
  const db = await getDb();
  return db.$transaction(async (tx) => {
    // The owner's lock, then the order's: the same order as status changes take them (lib/orders/status.ts).
    if (!(await lockUser(tx, userId))) throw new NotFound("There is no such order.");
    const [locked] = await tx.$queryRaw<{ id: number }[]>`SELECT id FROM orders WHERE id = ${orderId} AND user_id = ${userId} FOR UPDATE`;
    if (!locked) throw new NotFound("There is no such order.");
    const order = await tx.order.findUniqueOrThrow({ where: { id: orderId }, include: { rates: true } });
    if (order.status !== "placed") throw new Conflict(`The order is ${order.status}: only a placed order can be changed.`);
    if (input.recipient && input.recipient.country !== order.destination) {
      throw new ValidationFailed("The request is not valid.", {
        "recipient.country": [`The order was priced for ${order.destination}; place a new order for another country.`],
      });
    }
    const current = shipmentFields(order);
    const sender = input.sender ? await resolveSender(tx, userId, input.sender) : current.sender;
    const contents = input.contents === undefined ? current.contents : input.contents;
    checkCustoms(checkedRateTable(order.rates), { destination: order.destination, sender, contents });
    const updated = await tx.order.update({
      where: { id: orderId },
      data: {
        ...(input.recipient ? { recipient: jsonOrNull(input.recipient) } : {}),
        ...(input.sender ? { sender: jsonOrNull(sender) } : {}),
        ...(input.contents !== undefined ? { contents: jsonOrNull(input.contents) } : {}),
      },
      include: withEvents,
    });
    return toOrderDto(updated);
  });
}

/** What an order still needs before it can be paid: a carrier cannot move a parcel without both addresses. */
export function missingForPayment(order: { recipient: unknown; sender: unknown }): ("recipient" | "sender")[] {
  return [order.recipient == null ? ("recipient" as const) : null, order.sender == null ? ("sender" as const) : null].filter((part) => part !== null);
}

/**
 * The domain check before payment (OpenAPI document: an order can be paid only once it has a
 * recipient and a sender): throws Conflict otherwise. Payment code calls it with the order as it
 * reads it (a DTO, or anything with `recipient` and `sender`).
 */
export function assertPayable(order: { recipient: unknown; sender: unknown }): void {
  const missing = missingForPayment(order).map((part) => `a ${part}`);
  if (missing.length > 0) {
    throw new Conflict(`The order needs ${missing.join(" and ")} before it can be paid (PATCH /api/v1/orders/{id}).`);
  }
}

/** The rate table that priced an order (its version): the customs rule of updateOrder uses it. */
export async function rateTableOfOrder(order: Pick<OrderDto, "ratesVersion">): Promise<RateTable> {
  const db = await getDb();
  return checkedRateTable(await db.shippingRateTable.findUniqueOrThrow({ where: { version: order.ratesVersion } }));
}
