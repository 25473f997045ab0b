import type { OrderStatus } from "@/lib/orders/lifecycle";

/** How each order status reads on screen. */
export const STATUS_LABELS: Record<OrderStatus, string> = {
  placed: "Placed",
  paid: "Paid",
  shipped: "Shipped",
  delivered: "Delivered",
  cancelled: "Cancelled",
};
