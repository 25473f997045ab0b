import { json, otherMethods, route } from "@/lib/http/route";
import { LOYALTY_PERCENT, LOYALTY_THRESHOLD, RATES_PER_KG_CENTS } from "@/lib/shipping/pricing";
import { quoteShipping } from "@/lib/shipping/quote";
import { quoteInputSchema, quoteResponseSchema } from "@/lib/shipping/schemas";

export const POST = route(
  {
    method: "POST",
    path: "/api/v1/shipping/quote",
    operationId: "quoteShipping",
    tag: "Shipping and orders",
    summary: "Price a parcel",
    description: `US ${RATES_PER_KG_CENTS.US} cents/kg, EU (the 27 member states) ${RATES_PER_KG_CENTS.EU}, everywhere else ${RATES_PER_KG_CENTS.INTL}; weight x rate rounded half-up to the cent. Signed-in users with more than ${LOYALTY_THRESHOLD} orders get ${LOYALTY_PERCENT}% off. Anonymous quotes get no discount.`,
    access: "optional",
    body: quoteInputSchema.meta({ id: "QuoteRequest", example: { weightKg: 2.1, destination: "DE" } }),
    responses: { 200: { description: "The quote.", schema: quoteResponseSchema } },
  },
  async ({ body, caller }) => json({ quote: await quoteShipping(body, caller?.user.id ?? null) }),
);

export const { GET, PUT, PATCH, DELETE } = otherMethods(POST);
