/**
 * The order lifecycle (OpenAPI document, Order lifecycle) as a pure rule:
 * placed -> paid -> shipped -> delivered, and placed | paid -> cancelled.
 */
export const ORDER_STATUSES = ["placed", "paid", "shipped", "delivered", "cancelled"] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

const NEXT: Record<OrderStatus, readonly OrderStatus[]> = {
  placed: ["paid", "cancelled"],
  paid: ["shipped", "cancelled"],
  shipped: ["delivered"],
  delivered: [],
  cancelled: [],
};

/** What a change from `from` to `to` is: a step the lifecycle allows, a repeat (a no-op), or illegal. */
export function transitionOf(from: OrderStatus, to: OrderStatus): "step" | "repeat" | "illegal" {
  if (from === to) return "repeat";
  return NEXT[from].includes(to) ? "step" : "illegal";
}

export function nextStatuses(from: OrderStatus): readonly OrderStatus[] {
  return NEXT[from];
}

/** Customers may only cancel, and only before payment. */
export function customerMayCancel(status: OrderStatus): boolean {
  return status === "placed";
}
