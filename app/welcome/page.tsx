import type { Metadata } from "next";
import Link from "next/link";
import { LoyaltyRuleText } from "@/app/_components/loyalty-rule";
import { requireCaller } from "@/lib/auth/sessions/current-user";
import { getRatesInForce } from "@/lib/shipping/rates";

export const metadata: Metadata = { title: "Welcome" };

/** Where registration leads: a greeting, what the account is good for, and the way to a first quote. */
export default async function WelcomePage() {
  const caller = await requireCaller("/welcome");
  const rates = await getRatesInForce();
  return (
    <main className="narrow">
      <h1>Welcome to Keel, {caller.user.username}</h1>
      <p className="lead">
        Your account is ready. Quote a parcel by its weight and destination, and place the order in the same step: the price is worked out
        from the rates in force and kept with the order.
      </p>
      <h2>Loyalty discount</h2>
      <p data-testid="welcome-loyalty">
        <LoyaltyRuleText loyalty={rates.loyalty} />
      </p>
      <div className="actions">
        <Link className="button" href="/shipping">
          Get your first quote
        </Link>
        <Link className="button secondary" href="/profile">
          Your profile
        </Link>
      </div>
    </main>
  );
}
