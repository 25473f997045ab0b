/** The only shape in which an order leaves the server. */
import { z } from "zod";
import type { Order } from "@/lib/db/generated/client";
import { REGIONS } from "@/lib/shipping/countries";
import { CURRENCY } from "@/lib/shipping/pricing";
import { gramsToKg } from "@/lib/shipping/weight";

const cents = z.int().nonnegative();

export const orderSchema = z
  .strictObject({
    id: z.int().positive(),
    reference: z.string().nullable().meta({ description: "The client's idempotency key, if one was sent." }),
    destination: z.string().length(2).meta({ description: "ISO 3166-1 alpha-2 country code.", example: "DE" }),
    weightKg: z.number().positive().meta({ example: 2.1 }),
    region: z.enum(REGIONS),
    ratePerKgCents: cents,
    subtotalCents: cents,
    discountCents: cents,
    totalCents: cents,
    currency: z.literal(CURRENCY),
    discountReason: z.string().optional().meta({ description: "Present only when a discount was applied." }),
    createdAt: z.iso.datetime(),
  })
  .meta({
    id: "Order",
    description: "A placed order with the price the server computed when it was placed (integer cents).",
    example: {
      id: 42,
      reference: "web-2026-11-24-0001",
      destination: "DE",
      weightKg: 2.1,
      region: "EU",
      ratePerKgCents: 300,
      subtotalCents: 630,
      discountCents: 0,
      totalCents: 630,
      currency: CURRENCY,
      createdAt: "2026-11-24T09:30:00.000Z",
    },
  });

export type OrderDto = z.output<typeof orderSchema>;

export function toOrderDto(order: Order): OrderDto {
  return {
    id: order.id,
    reference: order.reference,
    destination: order.destination,
    weightKg: gramsToKg(order.weightGrams),
    region: order.region,
    ratePerKgCents: order.ratePerKgCents,
    subtotalCents: order.subtotalCents,
    discountCents: order.discountCents,
    totalCents: order.totalCents,
    currency: CURRENCY,
    ...(order.discountReason ? { discountReason: order.discountReason } : {}),
    createdAt: order.createdAt.toISOString(),
  };
}

/** `{ order }`: what placing and reading an order answer. */
export const orderResponseSchema = z.strictObject({ order: orderSchema }).meta({ id: "OrderResponse" });
