import Link from "next/link";
import { countryName } from "@/app/_components/countries";
import { formatMoney, formatWeight } from "@/app/_components/format";
import { LocalTime } from "@/app/_components/local-time";
import { LoyaltyRuleText } from "@/app/_components/loyalty-rule";
import { STATUS_LABELS } from "@/app/orders/status-labels";
import { getCaller } from "@/lib/auth/sessions/current-user";
import { listOrders } from "@/lib/orders/orders";
import { getRatesInForce } from "@/lib/shipping/rates";

// The rates in force and a signed-in customer's latest orders are read on every request.
export const dynamic = "force-dynamic";

/** How many of a customer's latest orders the home page shows (the rest are on /orders). */
const RECENT_ORDERS = 3;

export default async function HomePage({ searchParams }: PageProps<"/">) {
  const [caller, params, rates] = await Promise.all([getCaller(), searchParams, getRatesInForce()]);
  const recent = caller ? (await listOrders(caller.user, { limit: RECENT_ORDERS })).items : [];
  const money = (cents: number) => formatMoney(cents, rates.currency);
  return (
    <main>
      <h1>Keel</h1>
      {params.deleted === "1" && !caller ? (
        <p className="form-message ok" role="status" data-testid="account-deleted">
          Your account and its orders were deleted.
        </p>
      ) : null}
      <p className="lead">
        Quote a shipment by weight and destination, place orders priced by the server, and earn a loyalty discount. One account works in
        this web app and in the mobile apps.
      </p>

      {caller ? (
        <section aria-labelledby="start-heading" className="home-section" data-testid="home-start">
          <h2 id="start-heading">Welcome back, {caller.user.username}</h2>
          <div className="actions">
            <Link className="button" href="/shipping">
              Get a quote
            </Link>
            <Link className="button secondary" href="/orders">
              All your orders
            </Link>
          </div>
          {recent.length === 0 ? (
            <p className="muted" data-testid="home-no-orders">
              You have no orders yet. Your latest orders will show here.
            </p>
          ) : (
            <>
              <h3>Your latest orders</h3>
              <ol className="rows" aria-label="Your latest orders" data-testid="home-recent-orders">
                {recent.map((order) => (
                  <li key={order.id} className="row">
                    <Link href={`/orders/${order.id}`} className="row-link" data-testid="home-order">
                      <span className="row-title">
                        Order #{order.id} <span className="muted">· {STATUS_LABELS[order.status]}</span>
                      </span>
                      <span className="row-meta">
                        {countryName(order.destination)} · {formatWeight(order.weightKg)} · <LocalTime iso={order.createdAt} />
                      </span>
                      <span className="row-amount">{formatMoney(order.totalCents, order.currency)}</span>
                    </Link>
                  </li>
                ))}
              </ol>
            </>
          )}
        </section>
      ) : (
        <div className="actions">
          <Link className="button" href="/register">
            Create an account
          </Link>
          <Link className="button secondary" href="/signin">
            Sign in
          </Link>
          <Link className="button secondary" href="/shipping">
            Get a quote
          </Link>
        </div>
      )}

      <section aria-labelledby="rates-heading" className="home-section">
        <h2 id="rates-heading">Rates in force</h2>
        <p>A parcel costs its weight times its zone&apos;s rate, and never less than the zone&apos;s minimum charge.</p>
        <div className="table-scroll">
          <table className="data-table" data-testid="home-rates">
            <caption className="visually-hidden">Rates by zone (version {rates.version})</caption>
            <thead>
              <tr>
                <th scope="col">Zone</th>
                <th scope="col">Per kg</th>
                <th scope="col">Minimum</th>
              </tr>
            </thead>
            <tbody>
              {rates.zones.map((zone) => (
                <tr key={zone.code}>
                  <th scope="row">{zone.name}</th>
                  <td data-testid={`home-rate-${zone.code}`}>{money(zone.ratePerKgCents)}</td>
                  <td>{money(zone.minimumChargeCents)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <p>
          <Link href="/rates">Which countries are in which zone</Link>
        </p>
      </section>

      <section aria-labelledby="loyalty-heading" className="home-section">
        <h2 id="loyalty-heading">Loyalty discount</h2>
        <p data-testid="home-loyalty">
          <LoyaltyRuleText loyalty={rates.loyalty} />
        </p>
      </section>
    </main>
  );
}
