import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { consumeTrackingLookup } from "@/lib/tracking/public";
import { limitIp, requestMeta } from "@/lib/http/request-meta";
import { NotFound, RateLimited } from "@/lib/errors";
import { trackParcel } from "@/lib/tracking/public";
import { normalizeS10 } from "@/lib/tracking/s10";
import { countryName } from "@/app/_components/countries";
import { LocalTime } from "@/app/_components/local-time";
import { timelineLabel } from "@/app/orders/status-labels";

export async function generateMetadata({ params }: PageProps<"/track/[trackingNumber]">): Promise<Metadata> {
  const number = normalizeS10(decodeURIComponent((await params).trackingNumber));
  return { title: number ? `Parcel ${number}` : "Track a parcel", robots: { index: false } };
}

/**
 * A parcel's public timeline, for anyone with the number: the same rules and the same per-IP limit
 * as GET /api/v1/track/{trackingNumber} (lib/tracking/public.ts), never a name, address or price.
 */
export default async function ParcelPage({ params }: PageProps<"/track/[trackingNumber]">) {
  const trackingNumber = normalizeS10(decodeURIComponent((await params).trackingNumber));
  // A wrong check digit names no parcel: not found, without a lookup or a count.
  if (!trackingNumber) notFound();
  try {
    await consumeTrackingLookup(limitIp(await requestMeta()));
  } catch (error) {
    if (!(error instanceof RateLimited)) throw error;
    return (
      <main className="narrow">
        <h1>Track a parcel</h1>
        <p className="form-message error" role="alert" data-testid="track-rate-limited">
          Too many lookups from your network. Try again in {Math.ceil(error.retryAfterSeconds / 60)} minute(s).
        </p>
      </main>
    );
  }
  const tracking = await trackParcel(trackingNumber).catch((error) => {
    if (error instanceof NotFound) notFound();
    throw error;
  });
  return (
    <main className="narrow">
      <p>
        <Link href="/track">← Track another parcel</Link>
      </p>
      <h1>Parcel {tracking.trackingNumber}</h1>
      <dl className="facts" data-testid="track-details">
        <div>
          <dt>Status</dt>
          <dd>
            <span className="status-badge" data-testid="track-status">
              {timelineLabel(tracking.status)}
            </span>
          </dd>
        </div>
        <div>
          <dt>Destination</dt>
          <dd data-testid="track-destination">{countryName(tracking.destinationCountry)}</dd>
        </div>
      </dl>
      <h2>History</h2>
      <ol className="timeline" data-testid="track-timeline">
        {tracking.events.map((event, index) => (
          <li key={index} data-testid="track-event">
            <strong>{timelineLabel(event.status)}</strong>
            {event.location ? ` · ${event.location}` : ""} <span className="muted"><LocalTime iso={event.at} /></span>
          </li>
        ))}
      </ol>
    </main>
  );
}
