import type { OrderStatus } from "@/lib/orders/lifecycle";
import type { TrackingEventStatus } from "@/lib/tracking/schemas";

/** How each order status reads on screen. */
export const STATUS_LABELS: Record<OrderStatus, string> = {
  placed: "Placed",
  paid: "Paid",
  shipped: "Shipped",
  delivered: "Delivered",
  cancelled: "Cancelled",
};

/** How each tracking event reads on screen (the order page, the admin form, the public tracking page). */
export const TRACKING_STATUS_LABELS: Record<TrackingEventStatus, string> = {
  in_transit: "In transit",
  out_for_delivery: "Out for delivery",
  delivery_failed: "Delivery attempt failed",
};

/** Any status of the public timeline: the lifecycle's and the tracking events'. */
export function timelineLabel(status: OrderStatus | TrackingEventStatus): string {
  return status in STATUS_LABELS ? STATUS_LABELS[status as OrderStatus] : TRACKING_STATUS_LABELS[status as TrackingEventStatus];
}
