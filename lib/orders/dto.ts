/** The only shape in which an order leaves the server. */
import { z } from "zod";
import type { Order, OrderEvent, TrackingEvent } from "@/lib/db/generated/client";
import { CURRENCY } from "@/lib/shipping/pricing";
import { zoneCode } from "@/lib/shipping/schemas";
import { addressSchema } from "@/lib/addresses/schemas";
import { mmToCm } from "@/lib/shipping/parcel";
import { gramsToKg } from "@/lib/shipping/weight";
import { type PaymentRow, paymentColumns, paymentRowSchema, paymentSchema, toPaymentDto } from "@/lib/payments/dto";
import { TRACKING_EVENT_STATUSES, type TrackingEventDto, trackingEventSchema } from "@/lib/tracking/schemas";
import { ORDER_STATUSES } from "./lifecycle";

const cents = z.int().nonnegative();
const status = z.enum(ORDER_STATUSES);

/** `parcel` as orders show it: the actual weight and, when given, the dimensions. */
export const parcelSchema = z
  .strictObject({
    weightKg: z.number().positive(),
    lengthCm: z.number().positive().optional(),
    widthCm: z.number().positive().optional(),
    heightCm: z.number().positive().optional(),
  })
  .meta({ id: "ParcelOut", description: "The parcel: actual weight (kg) and, when given, outer dimensions (cm)." });

/** `contents` as orders store and show it. */
export const contentsSchema = z
  .strictObject({ description: z.string(), valueCents: cents, currency: z.string().length(3) })
  .meta({ id: "ContentsOut", description: "What is inside, as declared for customs; the value in minor units of `currency`." });
export type ContentsDto = z.output<typeof contentsSchema>;

export const orderSchema = z
  .strictObject({
    id: z.int().positive(),
    reference: z.string().nullable().meta({ description: "The client's idempotency key, if one was sent." }),
    destination: z.string().length(2).meta({ description: "ISO 3166-1 alpha-2 country code.", example: "DE" }),
    weightKg: z.number().positive().meta({ example: 2.1 }),
    region: zoneCode.meta({ description: "The code of the rate table zone that priced it." }),
    ratePerKgCents: cents,
    minimumChargeCents: cents.meta({ description: "The zone's minimum charge when the order was placed (0 for orders placed before minimum charges existed)." }),
    subtotalCents: cents,
    discountCents: cents,
    totalCents: cents,
    currency: z.literal(CURRENCY),
    ratesVersion: z.int().positive().meta({ description: "The rate table version that priced it; the price never changes afterwards." }),
    discountReason: z.string().optional().meta({ description: "Present only when a discount was applied." }),
    status: status.meta({ description: "placed -> paid -> shipped -> delivered; placed or paid -> cancelled." }),
    trackingNumber: z.string().optional().meta({
      description:
        "The tracking number: Keel's UPU S10 number from the moment the order is paid, or the carrier's number an administrator gave when marking it shipped.",
    }),
    publicTrackingNumber: z.string().optional().meta({
      description:
        "Keel's UPU S10 number (on the label), issued when the order is paid: the one GET /api/v1/track/{trackingNumber} and the /track page follow. Equals `trackingNumber` unless a carrier's number was given.",
      example: "KE123456785US",
    }),
    parcel: parcelSchema.nullable().meta({ description: "Null for orders placed as `{ weightKg, destination }` only." }),
    recipient: addressSchema.nullable().meta({
      description: "The order's own copy: editing the address book never changes it. Null until given, and once erased with the customer's account.",
    }),
    sender: addressSchema.nullable().meta({ description: "The order's own copy of the sender address. Null until given, and once erased with the customer's account." }),
    contents: contentsSchema
      .nullable()
      .meta({ description: "Required across zones (customs). Once the customer's account is deleted, `description` is erased (empty) and the declared value kept." }),
    chargeableWeightKg: z
      .number()
      .nullable()
      .meta({ description: "max(actual, volumetric weight): the weight that was priced; null for orders placed as `{ weightKg, destination }` only." }),
    events: z
      .array(z.strictObject({ status, at: z.iso.datetime() }))
      .min(1)
      .meta({ description: "Every status the order reached, oldest first; `placed` is the first." }),
    trackingEvents: z
      .array(trackingEventSchema)
      .meta({ description: "What happened on the parcel's way (administrators record it), oldest first; `delivered` is in `events`." }),
    createdAt: z.iso.datetime(),
    payment: paymentSchema.nullable().meta({ description: "The order's latest payment; null until one is started." }),
  })
  .meta({
    id: "Order",
    description: "An order with the price the server computed when it was placed (integer cents), and its status history.",
    example: {
      id: 42,
      reference: "web-2026-11-24-0001",
      destination: "DE",
      weightKg: 2.1,
      region: "EU",
      ratePerKgCents: 300,
      minimumChargeCents: 100,
      subtotalCents: 630,
      discountCents: 0,
      totalCents: 630,
      currency: CURRENCY,
      ratesVersion: 1,
      status: "shipped",
      trackingNumber: "KE123456785US",
      publicTrackingNumber: "KE123456785US",
      parcel: { weightKg: 2.1, lengthCm: 30, widthCm: 20, heightCm: 10 },
      recipient: { name: "Erika Mustermann", line1: "Heidestraße 17", city: "Köln", postalCode: "51147", country: "DE" },
      sender: { name: "Keel Shipping", line1: "1 Market St", city: "San Francisco", region: "CA", postalCode: "94105", country: "US" },
      contents: { description: "2 cotton T-shirts", valueCents: 2500, currency: "USD" },
      chargeableWeightKg: 2.1,
      events: [
        { status: "placed", at: "2026-11-24T09:30:00.000Z" },
        { status: "paid", at: "2026-11-24T11:02:00.000Z" },
        { status: "shipped", at: "2026-11-25T08:15:00.000Z" },
      ],
      trackingEvents: [{ status: "in_transit", at: "2026-11-26T06:40:00.000Z", location: "Leipzig hub" }],
      createdAt: "2026-11-24T09:30:00.000Z",
      payment: {
        id: 7,
        provider: "stripe",
        status: "succeeded",
        amountCents: 630,
        currency: CURRENCY,
        createdAt: "2026-11-24T10:58:00.000Z",
        paidAt: "2026-11-24T11:02:00.000Z",
        card: { brand: "visa", last4: "4242" },
      },
    },
  });

export type OrderDto = z.output<typeof orderSchema>;

/**
 * What administrators see of an order: the order plus whose it is, and their notes on its status
 * changes. The notes are for administrators only: a note is one administrator's record for the others
 * of why (a phone call, a dispute, a suspicion), written without the customer as its reader; what the
 * customer should read goes to them as a tracking event's note or in the status e-mail.
 */
export const adminOrderSchema = orderSchema
  .extend({
    userId: z.int().positive().nullable().meta({ description: "null once the customer deleted their account (paid orders are kept, personal data erased)." }),
    username: z.string().nullable(),
    events: z
      .array(z.strictObject({ status, at: z.iso.datetime(), note: z.string().optional().meta({ description: "The administrator's note on the change, if one was given (administrators only)." }) }))
      .min(1)
      .meta({ description: "Every status the order reached, oldest first; `placed` is the first." }),
  })
  .meta({ id: "AdminOrder", description: "An order as administrators see it: the order plus its customer." });

export type AdminOrderDto = z.output<typeof adminOrderSchema>;

/** An order row with its events (oldest first): what every query for an order includes. */
export type OrderWithEvents = Order & {
  events: Pick<OrderEvent, "status" | "at">[];
  trackingEvents: Pick<TrackingEvent, "status" | "at" | "location" | "note">[];
  payments: PaymentRow[];
};

/**
 * An order with its events as the session statement returns it (JSON, lib/orders/preload.ts builds
 * the SQL from this schema's keys), read into the shape of a Prisma row so that toOrderDto maps both.
 * Checked, not trusted: JSON carries no types. `satisfies` below makes a column added to the Order
 * model a compile error until it is added here, and the preloaded SQL follows from here.
 */
export const isoDate = z.iso.datetime().transform((value) => new Date(value));
export const orderRowSchema = z.object({
  id: z.int(),
  userId: z.int(),
  reference: z.string().nullable(),
  destination: z.string(),
  weightGrams: z.int(),
  region: z.string(),
  ratePerKgCents: z.int(),
  minimumChargeCents: z.int(),
  subtotalCents: z.int(),
  discountCents: z.int(),
  totalCents: z.int(),
  currency: z.string(),
  discountReason: z.string().nullable(),
  ratesVersion: z.int(),
  status,
  trackingNumber: z.string().nullable(),
  carrierNumber: z.string().nullable(),
  lengthMm: z.int().nullable(),
  widthMm: z.int().nullable(),
  heightMm: z.int().nullable(),
  chargeableGrams: z.int().nullable(),
  recipient: z.json().nullable(),
  sender: z.json().nullable(),
  contents: z.json().nullable(),
  createdAt: isoDate,
  events: z.array(z.object({ status, at: isoDate })),
  trackingEvents: z.array(z.object({ status: z.enum(TRACKING_EVENT_STATUSES), at: isoDate, location: z.string().nullable(), note: z.string().nullable() })),
  payments: z.array(paymentRowSchema),
}) satisfies z.ZodType<OrderWithEvents, unknown>;

/** `include` for reading orders in the shape the mappers take. */
export const withEvents = {
  events: { orderBy: { id: "asc" }, select: { status: true, at: true } },
  trackingEvents: { orderBy: { id: "asc" }, select: { status: true, at: true, location: true, note: true } },
  // The newest payment only: it is the order's `payment`.
  payments: { orderBy: { id: "desc" }, take: 1, select: paymentColumns },
} as const;

export function toTrackingEventDto(event: OrderWithEvents["trackingEvents"][number]): TrackingEventDto {
  return {
    status: event.status,
    at: event.at.toISOString(),
    ...(event.location ? { location: event.location } : {}),
    ...(event.note ? { note: event.note } : {}),
  };
}

export function toOrderDto(order: OrderWithEvents): OrderDto {
  return {
    id: order.id,
    reference: order.reference,
    destination: order.destination,
    weightKg: gramsToKg(order.weightGrams),
    region: order.region,
    ratePerKgCents: order.ratePerKgCents,
    minimumChargeCents: order.minimumChargeCents,
    subtotalCents: order.subtotalCents,
    discountCents: order.discountCents,
    totalCents: order.totalCents,
    currency: CURRENCY,
    ratesVersion: order.ratesVersion,
    ...(order.discountReason ? { discountReason: order.discountReason } : {}),
    status: order.status,
    // The carrier's number, when an administrator gave one, is what the order is tracked by outside Keel.
    ...(order.carrierNumber || order.trackingNumber ? { trackingNumber: (order.carrierNumber ?? order.trackingNumber)! } : {}),
    ...(order.trackingNumber ? { publicTrackingNumber: order.trackingNumber } : {}),
    ...shipmentFields(order),
    events: order.events.map((event) => ({ status: event.status, at: event.at.toISOString() })),
    trackingEvents: order.trackingEvents.map(toTrackingEventDto),
    createdAt: order.createdAt.toISOString(),
    payment: order.payments[0] ? toPaymentDto(order.payments[0]) : null,
  };
}

/**
 * The parcel, the addresses and the contents. The stored copies are checked on the way out, not
 * trusted: a copy that no longer fits the contract fails here instead of reaching a client.
 */
export function shipmentFields(order: Order): Pick<OrderDto, "parcel" | "recipient" | "sender" | "contents" | "chargeableWeightKg"> {
  const addressed = order.chargeableGrams !== null;
  const dimensions =
    order.lengthMm !== null && order.widthMm !== null && order.heightMm !== null
      ? { lengthCm: mmToCm(order.lengthMm), widthCm: mmToCm(order.widthMm), heightCm: mmToCm(order.heightMm) }
      : {};
  return {
    parcel: addressed ? { weightKg: gramsToKg(order.weightGrams), ...dimensions } : null,
    recipient: order.recipient === null ? null : addressSchema.parse(order.recipient),
    sender: order.sender === null ? null : addressSchema.parse(order.sender),
    contents: order.contents === null ? null : contentsSchema.parse(order.contents),
    chargeableWeightKg: order.chargeableGrams === null ? null : gramsToKg(order.chargeableGrams),
  };
}

/** `{ order }`: what placing and reading an order answer. */
export const orderResponseSchema = z.strictObject({ order: orderSchema }).meta({ id: "OrderResponse" });

/** `{ order }` as administrators see it: with the customer. */
export const adminOrderResponseSchema = z.strictObject({ order: adminOrderSchema }).meta({ id: "AdminOrderResponse" });

/** `include` for reading orders as administrators see them: the events with their notes, and the customer. */
export const withAdminEvents = {
  ...withEvents,
  events: { orderBy: { id: "asc" }, select: { status: true, at: true, note: true } },
  user: { select: { username: true } },
} as const;

export type AdminOrderRow = Omit<OrderWithEvents, "events"> & { events: Pick<OrderEvent, "status" | "at" | "note">[]; user: { username: string } | null };

export function toAdminOrderDto(order: AdminOrderRow): AdminOrderDto {
  return {
    ...toOrderDto(order),
    events: order.events.map((event) => ({ status: event.status, at: event.at.toISOString(), ...(event.note ? { note: event.note } : {}) })),
    userId: order.userId,
    username: order.user?.username ?? null,
  };
}

/**
 * The order as its owner sees it through the API (their reads, their webhooks): the administrator's
 * fields removed, the customer and the notes on status changes (adminOrderSchema says why).
 */
export function customerView({ userId: _owner, username: _name, events, ...order }: AdminOrderDto): OrderDto {
  return { ...order, events: events.map(({ status, at }) => ({ status, at })) };
}
