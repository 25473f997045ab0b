import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requireCaller } from "@/lib/auth/sessions/current-user";
import { NotFound } from "@/lib/errors";
import { pageIdParam, parseIdParam } from "@/lib/http/params";
import { customerMayCancel, nextStatuses } from "@/lib/orders/lifecycle";
import { getOrder, missingForPayment, rateTableOfOrder } from "@/lib/orders/orders";
import { listAddresses } from "@/lib/addresses/book";
import { getAnyOrder } from "@/lib/orders/status";
import { StatusForm } from "@/app/admin/orders/status-form";
import { hasLabel } from "@/lib/tracking/schemas";
import { COUNTRY_OPTIONS, countryName } from "@/app/_components/countries";
import { formatMoney, formatWeight } from "@/app/_components/format";
import { ShipmentAddresses } from "./shipment-addresses";
import { regionLabel } from "@/app/_components/regions";
import { STATUS_LABELS, TRACKING_STATUS_LABELS } from "../status-labels";
import { CancelOrder } from "./cancel-order";
import { EditShipment } from "./edit-shipment";
import { OrderPayment } from "./order-payment";
import { LocalTime } from "@/app/_components/local-time";

/** "Order #123 · Keel": the tab names the order (from the URL alone, so it says nothing about whose it is). */
export async function generateMetadata({ params }: PageProps<"/orders/[id]">): Promise<Metadata> {
  const id = parseIdParam((await params).id);
  return { title: id === null ? "Order" : `Order #${id}` };
}

export default async function OrderPage({ params, searchParams }: PageProps<"/orders/[id]">) {
  const [{ id }, query] = await Promise.all([params, searchParams]);
  const caller = await requireCaller(`/orders/${encodeURIComponent(id)}`);
  // Someone else's order is "not found", exactly like a missing one (the domain function says so);
  // an administrator opens any order from the orders list, and changes its status here too.
  const admin = caller.user.role === "ADMIN";
  const orderId = pageIdParam(id);
  const { order, customer } = await (async () => {
    if (!admin) return { order: await getOrder(caller.user, orderId), customer: null };
    const any = await getAnyOrder(orderId);
    return { order: any, customer: any.userId === caller.user.id ? null : (any.username ?? "(account deleted)") };
  })().catch((error) => {
    if (error instanceof NotFound) notFound();
    throw error;
  });
  const money = (cents: number) => formatMoney(cents, order.currency);
  return (
    <main className="narrow">
      <p>
        {customer !== null ? <Link href="/admin/orders">← All customers&apos; orders</Link> : <Link href="/orders">← All orders</Link>}
      </p>
      <h1>Order #{order.id}</h1>
      {query.placed === "1" ? (
        <p className="form-message ok" role="status" data-testid="order-placed">
          Your order was placed. The price below is final.
        </p>
      ) : query.placed === "before" ? (
        <p className="form-message ok" role="status" data-testid="order-placed">
          You placed this order before, with the same reference. Nothing new was ordered.
        </p>
      ) : query.paid === "1" ? (
        <p className="form-message ok" role="status" data-testid="order-paid-notice">
          {order.status === "placed" ? "Thank you: your payment is being confirmed. This page shows it once it is." : "Thank you: your payment was received."}
        </p>
      ) : query.updated === "1" ? (
        <p className="form-message ok" role="status" data-testid="shipment-updated">
          {missingForPayment(order).length === 0 ? "The shipment details were saved. The order can be paid now." : "The shipment details were saved."}
        </p>
      ) : query.cancelled === "1" ? (
        <p className="form-message ok" role="status" data-testid="order-cancelled">
          Your order was cancelled.
        </p>
      ) : null}
      <dl className="facts" data-testid="order-details">
        {customer !== null ? (
          <div>
            <dt>Customer</dt>
            <dd data-testid="order-customer">{customer}</dd>
          </div>
        ) : null}
        <div>
          <dt>Status</dt>
          <dd>
            <span className="status-badge" data-testid="order-status">
              {STATUS_LABELS[order.status]}
            </span>
          </dd>
        </div>
        {order.trackingNumber ? (
          <div>
            <dt>Tracking number</dt>
            <dd data-testid="order-tracking">{order.trackingNumber}</dd>
          </div>
        ) : null}
        {order.publicTrackingNumber ? (
          <div>
            <dt>Follow it</dt>
            <dd>
              <Link href={`/track/${order.publicTrackingNumber}`} data-testid="order-track-link">
                {order.publicTrackingNumber}
              </Link>
            </dd>
          </div>
        ) : null}
        <div>
          <dt>Placed</dt>
          <dd><LocalTime iso={order.createdAt} /></dd>
        </div>
        <div>
          <dt>Reference</dt>
          <dd data-testid="order-reference">{order.reference ?? "None"}</dd>
        </div>
        <div>
          <dt>Destination</dt>
          <dd data-testid="order-destination">
            {countryName(order.destination)} ({order.destination})
          </dd>
        </div>
        <div>
          <dt>Weight</dt>
          <dd data-testid="order-weight">{formatWeight(order.weightKg)}</dd>
        </div>
        {order.parcel?.lengthCm !== undefined ? (
          <div>
            <dt>Dimensions</dt>
            <dd data-testid="order-dimensions">
              {order.parcel.lengthCm} x {order.parcel.widthCm} x {order.parcel.heightCm} cm
            </dd>
          </div>
        ) : null}
        {order.chargeableWeightKg !== null ? (
          <div>
            <dt>Chargeable weight</dt>
            <dd data-testid="order-chargeable-weight">{formatWeight(order.chargeableWeightKg)}</dd>
          </div>
        ) : null}
        <div>
          <dt>Region</dt>
          <dd>{regionLabel(order.region)}</dd>
        </div>
        <div>
          <dt>Rate</dt>
          <dd>{money(order.ratePerKgCents)} per kg</dd>
        </div>
        <div>
          <dt>Subtotal</dt>
          <dd data-testid="order-subtotal">{money(order.subtotalCents)}</dd>
        </div>
        <div>
          <dt>Discount</dt>
          <dd data-testid="order-discount">
            {order.discountCents > 0 ? money(-order.discountCents) : "None"}
            {order.discountReason ? <span className="hint"> {order.discountReason}</span> : null}
          </dd>
        </div>
        <div>
          <dt>Minimum charge</dt>
          <dd>{money(order.minimumChargeCents)}</dd>
        </div>
        <div className="facts-total">
          <dt>Total</dt>
          <dd data-testid="order-total">{money(order.totalCents)}</dd>
        </div>
      </dl>
      <p className="hint">Priced by shipping rates version {order.ratesVersion}; the price never changes after the order is placed.</p>
      <ShipmentAddresses order={order} erased={"userId" in order && order.userId === null} />
      {customer === null && order.status === "placed" ? (
        <EditShipment
          order={order}
          destinationName={countryName(order.destination)}
          addresses={await listAddresses(caller.user.id)}
          rates={await rateTableOfOrder(order)}
          countries={COUNTRY_OPTIONS}
          open={missingForPayment(order).length > 0}
        />
      ) : null}
      <h2>History</h2>
      <ol className="timeline" data-testid="order-timeline">
        {order.events.map((event, index) => (
          <li key={index} data-testid="order-event">
            <strong>{STATUS_LABELS[event.status]}</strong> <span className="muted"><LocalTime iso={event.at} /></span>
            {/* Only an administrator's read of the order carries notes (lib/orders/dto.ts says why). */}
            {"note" in event && event.note ? (
              <span className="hint" data-testid="order-event-note">
                {" "}
                Note: {event.note}
              </span>
            ) : null}
          </li>
        ))}
      </ol>
      {order.trackingEvents.length > 0 ? (
        <>
          <h2>On its way</h2>
          <ol className="timeline" data-testid="order-tracking-events">
            {order.trackingEvents.map((event, index) => (
              <li key={index} data-testid="order-tracking-event">
                <strong>{TRACKING_STATUS_LABELS[event.status]}</strong>
                {event.location ? ` · ${event.location}` : ""} <span className="muted"><LocalTime iso={event.at} /></span>
                {event.note ? <span className="hint"> {event.note}</span> : null}
              </li>
            ))}
          </ol>
        </>
      ) : null}
      {/* The label route serves the owner's orders only (API.md: like GET /orders/{id}, another user's
          order is a 404, administrators included): an administrator on a customer's order gets no link. */}
      {customer === null && hasLabel(order.status) ? (
        <p>
          {/* A plain link: the session cookie authenticates the GET, and the browser saves the PDF. */}
          <a className="button secondary" href={`/api/v1/orders/${order.id}/label`} download={`keel-label-${order.id}.pdf`} data-testid="download-label">
            Download label
          </a>
        </p>
      ) : null}
      {customer === null ? <OrderPayment order={order} /> : null}
      {admin && nextStatuses(order.status).length > 0 ? (
        <>
          <h2>Change the status</h2>
          <StatusForm key={`${order.id}-${order.status}`} orderId={order.id} next={nextStatuses(order.status)} />
        </>
      ) : null}
      {customer === null && customerMayCancel(order.status) ? <CancelOrder orderId={order.id} /> : null}
    </main>
  );
}
