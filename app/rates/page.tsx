import type { Metadata } from "next";
import Link from "next/link";
import { getRatesInForce } from "@/lib/shipping/rates";
import { CATCH_ALL } from "@/lib/shipping/pricing";
import { countryName } from "@/app/_components/countries";
import { formatMoney } from "@/app/_components/format";
import { LocalTime } from "@/app/_components/local-time";
import { LoyaltyRuleText } from "@/app/_components/loyalty-rule";

export const metadata: Metadata = { title: "Shipping rates" };
// The table in force is read on every request: a version published a moment ago shows at once.
export const dynamic = "force-dynamic";

export default async function RatesPage() {
  const rates = await getRatesInForce();
  const money = (cents: number) => formatMoney(cents, rates.currency);
  return (
    <main className="narrow">
      <h1>Shipping rates</h1>
      <p className="lead" data-testid="rates-version">
        Rates in force since <LocalTime iso={rates.createdAt} /> (version {rates.version}). A parcel costs its weight times the rate of the
        zone it goes to, rounded to the cent, and never less than the zone&apos;s minimum charge.
      </p>
      <ul className="rate-zones" aria-label="Zones" data-testid="rate-zones">
        {rates.zones.map((zone) => (
          <li key={zone.code} className="rate-zone" data-testid={`rate-zone-${zone.code}`}>
            <h2>
              {zone.name} <span className="muted">({zone.code})</span>
            </h2>
            <dl className="facts">
              <div>
                <dt>Per kg</dt>
                <dd data-testid={`rate-${zone.code}`}>{money(zone.ratePerKgCents)}</dd>
              </div>
              <div>
                <dt>Minimum charge</dt>
                <dd data-testid={`minimum-${zone.code}`}>{money(zone.minimumChargeCents)}</dd>
              </div>
              <div>
                <dt>Countries</dt>
                <dd>
                  {zone.countries.includes(CATCH_ALL)
                    ? "Every country not listed in another zone"
                    : zone.countries.map((code) => `${countryName(code)} (${code})`).join(", ")}
                </dd>
              </div>
            </dl>
          </li>
        ))}
      </ul>
      <h2>Loyalty discount</h2>
      <p data-testid="rates-loyalty">
        <LoyaltyRuleText loyalty={rates.loyalty} />
      </p>
      <p>
        An order keeps the price it was placed at, whatever the rates are later. <Link href="/shipping">Get a quote</Link>.
      </p>
    </main>
  );
}
