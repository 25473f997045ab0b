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

interface TrackedRow {
  status: OrderStatus;
  destination: string;
  events: { status: OrderStatus; at: string }[];
  tracking_events: { status: TrackingEventStatus; at: string; location: string | null }[];
}

/**
 * One statement: the order and both timelines as JSON arrays. The same read through the query builder
 * (findUnique with two relations) is three statements, so three round trips on the route every
 * recipient hits (docs/performance.md, "Tenth part").
 */
export async function trackParcel(trackingNumber: string): Promise<PublicTracking> {
  const [order] = await (await getDb()).$queryRaw<TrackedRow[]>`
    SELECT o.status::text AS status, o.destination,
           COALESCE((SELECT json_agg(json_build_object('status', e.status::text, 'at', e.at) ORDER BY e.id)
                       FROM order_events e WHERE e.order_id = o.id), '[]'::json) AS events,
           COALESCE((SELECT json_agg(json_build_object('status', t.status::text, 'at', t.at, 'location', t.location) ORDER BY t.id)
                       FROM tracking_events t WHERE t.order_id = o.id), '[]'::json) AS tracking_events
      FROM orders o
     WHERE o.tracking_number = ${trackingNumber}`;
  if (!order) throw new NotFound("There is no parcel with this tracking number.");
  const events = publicTimeline(
    order.events.map((event) => ({ status: event.status, at: new Date(event.at) })),
    order.tracking_events.map((event) => ({ status: event.status, at: new Date(event.at), location: event.location })),
  );
  return { trackingNumber, status: publicStatus(order.status, events), destinationCountry: order.destination, events };
}
