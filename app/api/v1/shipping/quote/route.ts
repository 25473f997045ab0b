import { preload } from "@/lib/auth/sessions/session-fragment";
import { json, route, routeMethods } from "@/lib/http/route";
import { SEED_RATE_TABLE } from "@/lib/shipping/pricing";
import { paidOrderCountFragment } from "@/lib/shipping/loyalty";
import { quoteShipping } from "@/lib/shipping/quote";
import { rateTableFragment } from "@/lib/shipping/rates";
import { quoteInputSchema, quoteResponseSchema } from "@/lib/shipping/schemas";

const quoteShippingRoute = route(
  {
    method: "POST",
    path: "/api/v1/shipping/quote",
    operationId: "quoteShipping",
    apiKeyScope: "quotes",
    tag: "Shipping and orders",
    summary: "Price a parcel",
    description: () => {
      const [us, eu, intl] = SEED_RATE_TABLE.zones;
      const { minOrders, percent } = SEED_RATE_TABLE.loyalty;
      return (
        `Priced by the rate table in force (GET /api/v1/shipping/rates; the first version: US ${us!.ratePerKgCents} cents/kg, ` +
        `EU (the 27 member states) ${eu!.ratePerKgCents}, everywhere else ${intl!.ratePerKgCents}, minimum charge ${us!.minimumChargeCents} cents). ` +
        "Subtotal = max(weight x rate rounded half-up to the cent, the zone's minimum charge). Signed-in users with more than the table's " +
        `\`loyalty.minOrders\` paid, shipped or delivered orders get \`loyalty.percent\` off (${percent}% for more than ${minOrders} in the first version). ` +
        "Anonymous quotes get no discount."
      );
    },
    access: "optional",
    sessionExtras: [preload(paidOrderCountFragment), preload(rateTableFragment)],
    body: quoteInputSchema.meta({ id: "QuoteRequest", example: { weightKg: 2.1, destination: "DE" } }),
    responses: { 200: { description: "The quote.", schema: quoteResponseSchema } },
    examples: {
      request: { parcel: { weightKg: 2.1, lengthCm: 40, widthCm: 30, heightCm: 20 }, destination: "DE" },
      response: {
        quote: {
          region: "EU",
          ratePerKgCents: 300,
          minimumChargeCents: 100,
          weightKg: 2.1,
          volumetricWeightKg: 4.8,
          chargeableWeightKg: 4.8,
          subtotalCents: 1440,
          discountCents: 0,
          totalCents: 1440,
          currency: "USD",
          ratesVersion: 2,
        },
      },
    },
  },
  ({ body, caller }) => quoteShipping(body, caller?.user ?? null).then((quote) => json({ quote })),
);

export const { GET, POST, PUT, PATCH, DELETE } = routeMethods(quoteShippingRoute);
