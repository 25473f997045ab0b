import { json, route, routeMethods } from "@/lib/http/route";
import { ratesResponseSchema } from "@/lib/shipping/rate-table";
import { getRatesInForce } from "@/lib/shipping/rates";
import * as sample from "@/app/api/v1/example-values";

const getRatesRoute = route(
  {
    method: "GET",
    path: "/api/v1/shipping/rates",
    operationId: "getRates",
    tag: "Shipping and orders",
    summary: "The rate table in force",
    description: "Read from the database on every request: a version an administrator publishes is in force at once on every server.",
    access: "public",
    responses: { 200: { description: "The newest version.", schema: ratesResponseSchema } },
    examples: { response: { rates: sample.rates } },
  },
  async () => json({ rates: await getRatesInForce() }),
);

export const { GET, POST, PUT, PATCH, DELETE } = routeMethods(getRatesRoute);
