/** Requests and responses of tracking (OpenAPI document, "Labels and tracking"). */
import { z } from "zod";
import { NotFound } from "@/lib/errors";
import type { PathParams } from "@/lib/http/params";
import { ORDER_STATUSES, type OrderStatus } from "@/lib/orders/lifecycle";
import { normalizeS10 } from "./s10";

/** Labels exist once an order is paid: before, the parcel could travel unpaid and has no tracking number. */
export function hasLabel(status: OrderStatus): boolean {
  return status === "paid" || status === "shipped" || status === "delivered";
}

/** What administrators record on a parcel's way; `delivered` stays the lifecycle's (the status route). */
export const TRACKING_EVENT_STATUSES = ["in_transit", "out_for_delivery", "delivery_failed"] as const;
export type TrackingEventStatus = (typeof TRACKING_EVENT_STATUSES)[number];

export const LOCATION_MAX_LENGTH = 100;
export const NOTE_MAX_LENGTH = 500;

// Printable text of any script, no control or bidi-override characters: both are shown on a public
// page and in e-mails, where an override could make a location read as something else.
const SAFE_TEXT = /^[^\p{Cc}\p{Cf}\p{Co}\p{Cs}]+$/u;

const location = z
  .string({ error: "The location must be text." })
  .trim()
  .min(1, "The location cannot be empty.")
  .max(LOCATION_MAX_LENGTH, `Use at most ${LOCATION_MAX_LENGTH} characters.`)
  .regex(SAFE_TEXT, "Use printable characters only.")
  .meta({ description: "Where it happened (a city, a depot); shown on the public tracking page.", example: "Leipzig hub" });

/**
 * A person's note on an order (a tracking event's, an administrator's on a status change): one line
 * of printable text, no control or bidi-override characters (it is shown back on pages and lists).
 */
export const noteText = z
  .string({ error: "The note must be text." })
  .trim()
  .min(1, "The note cannot be empty.")
  .max(NOTE_MAX_LENGTH, `Use at most ${NOTE_MAX_LENGTH} characters.`)
  .regex(/^[^\p{Cc}\p{Cf}\p{Co}\p{Cs}]+$/u, "Use printable characters only (line breaks are not kept).");

const note = noteText.meta({ description: "For the order's owner and administrators; never on the public page.", example: "Left with the neighbour at no. 12." });

/** POST /api/v1/admin/orders/{id}/tracking-events. */
export const addTrackingEventSchema = z
  .strictObject({
    status: z.enum(TRACKING_EVENT_STATUSES, { error: `Use one of ${TRACKING_EVENT_STATUSES.join(", ")}.` }),
    location: location.optional(),
    note: note.optional(),
  })
  .meta({ id: "AddTrackingEventRequest", example: { status: "in_transit", location: "Leipzig hub" } });
export type AddTrackingEventInput = z.output<typeof addTrackingEventSchema>;

/** A tracking event as the order's owner and administrators see it. */
export const trackingEventSchema = z
  .strictObject({
    status: z.enum(TRACKING_EVENT_STATUSES),
    at: z.iso.datetime(),
    location: z.string().optional(),
    note: z.string().optional(),
  })
  .meta({ id: "TrackingEvent" });
export type TrackingEventDto = z.output<typeof trackingEventSchema>;

/** `{trackingNumber}`: a UPU S10 number with a right check digit; anything else names no parcel (404, no lookup). */
export const trackingNumberPath: PathParams<{ trackingNumber: string }> = {
  schema: z.object({
    trackingNumber: z
      .string()
      .regex(/^[A-Za-z]{2}[0-9]{9}[A-Za-z]{2}$/)
      .meta({ description: "A UPU S10 tracking number, as on the label.", example: "KE123456785US" }),
  }),
  parse: (raw) => {
    const number = typeof raw.trackingNumber === "string" ? normalizeS10(raw.trackingNumber) : null;
    if (!number) throw new NotFound("There is no parcel with this tracking number.");
    return { trackingNumber: number };
  },
};

const publicStatus = z.enum([...ORDER_STATUSES, ...TRACKING_EVENT_STATUSES]);

/** What anyone may know of a parcel: no names, addresses, prices or contents. */
export const publicTrackingSchema = z
  .strictObject({
    trackingNumber: z.string(),
    status: publicStatus.meta({ description: "The latest event's status (delivered and cancelled are final)." }),
    destinationCountry: z.string().length(2).meta({ description: "ISO 3166-1 alpha-2." }),
    events: z
      .array(z.strictObject({ status: publicStatus, at: z.iso.datetime(), location: z.string().optional() }))
      .meta({ description: "Lifecycle statuses and tracking events, oldest first." }),
  })
  .meta({
    id: "PublicTracking",
    example: {
      trackingNumber: "KE123456785US",
      status: "in_transit",
      destinationCountry: "DE",
      events: [
        { status: "placed", at: "2026-11-24T09:30:00.000Z" },
        { status: "paid", at: "2026-11-24T11:02:00.000Z" },
        { status: "shipped", at: "2026-11-25T08:15:00.000Z" },
        { status: "in_transit", at: "2026-11-26T06:40:00.000Z", location: "Leipzig hub" },
      ],
    },
  });
export type PublicTracking = z.output<typeof publicTrackingSchema>;

export const publicTrackingResponseSchema = z.strictObject({ tracking: publicTrackingSchema }).meta({ id: "PublicTrackingResponse" });
