import type { Metadata } from "next";
import { getCaller } from "@/lib/auth/sessions/current-user";
import { COMMON_DESTINATIONS, COUNTRY_OPTIONS } from "@/app/_components/countries";
import { ShippingCalculator } from "./shipping-calculator";

export const metadata: Metadata = { title: "Shipping quote" };

const text = (value: string | string[] | undefined) => (typeof value === "string" ? value.slice(0, 20) : "");

export default async function ShippingPage({ searchParams }: PageProps<"/shipping">) {
  const [caller, params] = await Promise.all([getCaller(), searchParams]);
  const destination = text(params.to).toUpperCase();
  return (
    <main>
      <h1>Shipping calculator</h1>
      <p className="lead">
        {caller
          ? "Prices include your loyalty discount when you qualify for it. Place the order when the price suits you."
          : "Prices for anyone. Signed-in customers with many orders get a loyalty discount."}
      </p>
      <ShippingCalculator
        countries={COUNTRY_OPTIONS}
        commonDestinations={COMMON_DESTINATIONS}
        signedIn={caller !== null}
        initialWeight={text(params.weight)}
        initialDestination={COUNTRY_OPTIONS.some((c) => c.code === destination) ? destination : ""}
      />
    </main>
  );
}
