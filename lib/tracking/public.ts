/**
 * Public tracking: what anyone holding a tracking number may know of the parcel. Status, the
 * destination country and a timeline with locations; never names, addresses, prices, contents, the
 * customer or the administrators' notes. Numbers with a wrong check digit never get here
 * (lib/tracking/schemas.ts trackingNumberPath), so typos and most guesses cost no query.
 */
import { getDb } from "@/lib/db/client";
import { getConfig } from "@/lib/env";
import { NotFound } from "@/lib/errors";
import { consumeAll, defineLimit, FIFTEEN_MINUTES } from "@/lib/rate-limit/limiter";
import type { OrderStatus } from "@/lib/orders/lifecycle";
import type { PublicTracking, TrackingEventStatus } from "./schemas";

/**
 * Public tracking lookups (GET /api/v1/track/{trackingNumber} and the /track pages) per client IP:
 * every lookup counts, found or not, so tracking numbers (whose serials are sequential) cannot be
 * walked at speed. Guards no secret, so it keeps counting per instance while Redis is away.
 */
const trackingIpLimit = defineLimit({
  name: "tracking-ip",
  points: () => getConfig().tracking.lookupsPerIp,
  durationSeconds: FIFTEEN_MINUTES,
  whenDown: "count-per-instance",
});

export async function consumeTrackingLookup(ip: string): Promise<void> {
  await consumeAll([[trackingIpLimit, ip]], "Too many tracking lookups from your network. Try again later.");
}

type TimelineEntry = PublicTracking["events"][number];

const FINAL: ReadonlySet<OrderStatus> = new Set(["delivered", "cancelled"]);

/** The lifecycle's statuses and the tracking events, oldest first (a lifecycle step first at equal times). */
export function publicTimeline(
  events: { status: OrderStatus; at: Date }[],
  trackingEvents: { status: TrackingEventStatus; at: Date; location: string | null }[],
): TimelineEntry[] {
  const entries = [
    ...events.map((event, i) => ({ entry: { status: event.status, at: event.at.toISOString() } as TimelineEntry, time: event.at.getTime(), rank: 0, i })),
    ...trackingEvents.map((event, i) => ({
      entry: { status: event.status, at: event.at.toISOString(), ...(event.location ? { location: event.location } : {}) } as TimelineEntry,
      time: event.at.getTime(),
      rank: 1,
      i,
    })),
  ];
  entries.sort((a, b) => a.time - b.time || a.rank - b.rank || a.i - b.i);
  return entries.map(({ entry }) => entry);
}

/** Delivered and cancelled are final whatever was recorded after; otherwise the latest event speaks. */
export function publicStatus(orderStatus: OrderStatus, timeline: TimelineEntry[]): TimelineEntry["status"] {
  if (FINAL.has(orderStatus)) return orderStatus;
  return timeline.at(-1)?.status ?? orderStatus;
}

export async function trackParcel(trackingNumber: string): Promise<PublicTracking> {
  const order = await (await getDb()).order.findUnique({
    where: { trackingNumber },
    select: {
      status: true,
      destination: true,
      events: { orderBy: { id: "asc" }, select: { status: true, at: true } },
      trackingEvents: { orderBy: { id: "asc" }, select: { status: true, at: true, location: true } },
    },
  });
  if (!order) throw new NotFound("There is no parcel with this tracking number.");
  const events = publicTimeline(order.events, order.trackingEvents);
  return { trackingNumber, status: publicStatus(order.status, events), destinationCountry: order.destination, events };
}
