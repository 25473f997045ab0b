/** The only shape in which an order leaves the server. */
import type { Order } from "@/lib/db/generated/client";
import { gramsToKg } from "@/lib/shipping/weight";

export interface OrderDto {
  id: number;
  reference: string | null;
  destination: string;
  weightKg: number;
  region: Order["region"];
  ratePerKgCents: number;
  subtotalCents: number;
  discountCents: number;
  totalCents: number;
  currency: string;
  discountReason?: string;
  createdAt: string;
}

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
    currency: order.currency,
    ...(order.discountReason ? { discountReason: order.discountReason } : {}),
    createdAt: order.createdAt.toISOString(),
  };
}
