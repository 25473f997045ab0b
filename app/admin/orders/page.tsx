import type { Metadata } from "next";
import Link from "next/link";
import { requirePageAccess } from "@/lib/auth/sessions/current-user";
import { ValidationFailed } from "@/lib/errors";
import { nextStatuses, ORDER_STATUSES } from "@/lib/orders/lifecycle";
import { adminListOrdersQuerySchema } from "@/lib/orders/schemas";
import { customerIdOf, customerNameOf, listAllOrders } from "@/lib/orders/status";
import { parseIdParam } from "@/lib/http/params";
import { countryName } from "@/app/_components/countries";
import { formatMoney, formatWeight } from "@/app/_components/format";
import { STATUS_LABELS, TRACKING_STATUS_LABELS } from "@/app/orders/status-labels";
import { StatusForm } from "./status-form";
import { TrackingEventForm } from "./tracking-event-form";
import { LocalTime } from "@/app/_components/local-time";

export const metadata: Metadata = { title: "All orders" };

const PAGE_SIZE = 20;

export default async function AdminOrdersPage({ searchParams }: PageProps<"/admin/orders">) {
  await requirePageAccess("admin", "/admin/orders");
  const params = await searchParams;
  const text = (value: string | string[] | undefined) => (typeof value === "string" ? value.trim() : "");
  const status = text(params.status);
  const cursor = text(params.cursor);
  // `?userId=` comes from a user's "Orders" link on the user list; it is shown as that user's name,
  // and the form's own filter (a username, which people can type) takes over when it is submitted.
  const linkedId = parseIdParam(text(params.userId) || undefined);
  const linkedName = linkedId === null ? null : await customerNameOf(linkedId);
  const customer = linkedId === null ? text(params.customer) : (linkedName ?? "");

  // The customer filter takes a username; an unknown one simply lists nothing.
  const userId = linkedId !== null ? (linkedName === null ? null : linkedId) : customer ? await customerIdOf(customer) : undefined;
  const query = adminListOrdersQuerySchema.safeParse({
    limit: PAGE_SIZE,
    ...(status ? { status } : {}),
    ...(userId ? { userId } : {}),
    ...(cursor ? { cursor } : {}),
  });
  const page =
    userId === null || !query.success
      ? { items: [], nextCursor: null }
      : await listAllOrders(query.data).catch((error) => {
          if (error instanceof ValidationFailed) return { items: [], nextCursor: null }; // a stale or edited cursor
          throw error;
        });
  const nextHref = page.nextCursor
    ? `/admin/orders?${new URLSearchParams({ ...(status ? { status } : {}), ...(customer ? { customer } : {}), cursor: page.nextCursor })}`
    : null;

  return (
    <main>
      {customer && userId ? (
        <>
          <p>
            <Link href="/admin/users">← All users</Link>
          </p>
          <h1 data-testid="admin-orders-heading">Orders of {customer}</h1>
        </>
      ) : (
        <h1 data-testid="admin-orders-heading">All orders</h1>
      )}
      <form method="get" className="inline-form" role="search" aria-label="Filter orders">
        <div className="field">
          <label htmlFor="filter-status">Status</label>
          <select id="filter-status" name="status" defaultValue={status}>
            <option value="">Any status</option>
            {ORDER_STATUSES.map((option) => (
              <option key={option} value={option}>
                {STATUS_LABELS[option]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-customer">Customer (username)</label>
          <input id="filter-customer" name="customer" defaultValue={customer} autoComplete="off" />
        </div>
        <button type="submit" className="button secondary">
          Filter
        </button>
      </form>
      {page.items.length === 0 ? (
        <p className="empty" data-testid="admin-orders-empty">
          No orders match.
        </p>
      ) : (
        <ol className="rows" aria-label="Orders, newest first" data-testid="admin-order-list">
          {page.items.map((order) => {
            const next = nextStatuses(order.status);
            return (
              <li key={order.id} className="admin-order" data-testid="admin-order-row" data-order-id={order.id}>
                <p className="row-title">
                  <Link href={`/orders/${order.id}`} data-testid="admin-order-link">
                    Order #{order.id}
                  </Link>{" "}
                  · {order.username ?? "(account deleted)"}{" "}
                  <span className="status-badge" data-testid="admin-order-status">
                    {STATUS_LABELS[order.status]}
                  </span>
                </p>
                {order.recipient ? (
                  <p data-testid="admin-order-recipient">
                    To {order.recipient.name}, {order.recipient.city}, {countryName(order.recipient.country)}
                  </p>
                ) : null}
                <p className="muted">
                  {countryName(order.destination)} · {formatWeight(order.weightKg)} · {formatMoney(order.totalCents, order.currency)} ·{" "}
                  <LocalTime iso={order.createdAt} />
                  {order.trackingNumber ? ` · tracking ${order.trackingNumber}` : ""}
                  {order.publicTrackingNumber && order.publicTrackingNumber !== order.trackingNumber ? ` (Keel ${order.publicTrackingNumber})` : ""}
                </p>
                {order.payment ? (
                  <p className="muted" data-testid="admin-order-payment">
                    Payment: {order.payment.provider} · {order.payment.status} · {formatMoney(order.payment.amountCents, order.payment.currency)}
                    {order.payment.failureReason ? ` · ${order.payment.failureReason}` : ""}
                  </p>
                ) : null}
                {order.trackingEvents.length > 0 ? (
                  <p className="muted" data-testid="admin-order-tracking-latest">
                    Latest: {TRACKING_STATUS_LABELS[order.trackingEvents.at(-1)!.status]}
                    {order.trackingEvents.at(-1)!.location ? `, ${order.trackingEvents.at(-1)!.location}` : ""}
                  </p>
                ) : null}
                {next.length > 0 ? <StatusForm key={`${order.id}-${order.status}`} orderId={order.id} next={next} /> : null}
                {order.status === "paid" || order.status === "shipped" ? <TrackingEventForm orderId={order.id} /> : null}
              </li>
            );
          })}
        </ol>
      )}
      {nextHref ? (
        <p>
          <Link href={nextHref}>Older orders</Link>
        </p>
      ) : null}
    </main>
  );
}
