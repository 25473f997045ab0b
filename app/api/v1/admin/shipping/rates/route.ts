import { z } from "zod";
import { json, route, routeMethods } from "@/lib/http/route";
import { rateTableInputSchema, ratesResponseSchema, ratesSchema } from "@/lib/shipping/rate-table";
import { listRateVersions, publishRates } from "@/lib/shipping/rates";
import * as sample from "@/app/api/v1/example-values";

const listRateVersionsRoute = route(
  {
    method: "GET",
    path: "/api/v1/admin/shipping/rates",
    operationId: "listRateVersions",
    tag: "Administration",
    summary: "Every rate table version, newest first",
    access: "admin",
    responses: { 200: { description: "All versions.", schema: z.strictObject({ items: z.array(ratesSchema) }).meta({ id: "RatesList" }) } },
    examples: { response: { items: [sample.rates] } },
  },
  async () => json({ items: await listRateVersions() }),
);

const publishRatesRoute = route(
  {
    method: "POST",
    path: "/api/v1/admin/shipping/rates",
    operationId: "publishRates",
    tag: "Administration",
    summary: "Publish a new rate table version, in force at once",
    description:
      'Exactly one zone has countries ["*"] and takes every country no other zone lists; no country is in two zones; country codes are ISO 3166-1 alpha-2; amounts are whole cents within bounds; zone codes are unique. Orders already placed keep their price.',
    access: "admin",
    body: rateTableInputSchema,
    responses: { 201: { description: "Published.", schema: ratesResponseSchema } },
    examples: { request: sample.rateTable, response: { rates: sample.rates } },
  },
  async ({ body, caller }) => json({ rates: await publishRates(caller.user.id, body) }, { status: 201 }),
);

export const { GET, POST, PUT, PATCH, DELETE } = routeMethods(listRateVersionsRoute, publishRatesRoute);
