/** What a webhook can subscribe to (the names are part of the API contract). */
export const WEBHOOK_EVENTS = ["order.paid", "order.shipped", "order.delivered", "order.cancelled", "tracking.updated"] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];
