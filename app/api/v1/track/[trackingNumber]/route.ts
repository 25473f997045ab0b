import { z } from "zod";
import { consumeTrackingLookup } from "@/lib/tracking/public";
import { limitIp } from "@/lib/http/request-meta";
import { getConfig } from "@/lib/env";
import { cacheableJson } from "@/lib/http/conditional";
import { route, routeMethods } from "@/lib/http/route";
import { trackParcel } from "@/lib/tracking/public";
import { publicTrackingResponseSchema, trackingNumberPath } from "@/lib/tracking/schemas";
import * as sample from "@/app/api/v1/example-values";

const cacheHeaders = z.object({
  ETag: z.string().meta({ description: "Send it back as If-None-Match for a 304 while nothing changed." }),
  "Cache-Control": z.string().meta({ example: "public, max-age=60" }),
});

const trackParcelRoute = route(
  {
    method: "GET",
    path: "/api/v1/track/{trackingNumber}",
    operationId: "trackParcel",
    tag: "Shipping and orders",
    summary: "Follow a parcel by its tracking number (no sign-in)",
    description: () => {
      const { lookupsPerIp, cacheSeconds } = getConfig().tracking;
      return `For anyone holding the number (the recipient): the status, the destination country and the timeline with locations; never names, addresses, prices or contents. A number whose S10 check digit is wrong is a 404 without a lookup. At most ${lookupsPerIp} lookups per client IP in 15 minutes (429 after). Cacheable for ${cacheSeconds} s; send the ETag back as If-None-Match for a 304.`;
    },
    access: "public",
    params: trackingNumberPath,
    responses: {
      200: { description: "The parcel's public timeline.", schema: publicTrackingResponseSchema, headers: cacheHeaders },
      304: { description: "Not modified since the ETag you sent.", headers: cacheHeaders },
    },
    errors: ["rate_limited"],
    examples: {
      params: { trackingNumber: "KE123456785US" },
      response: {
        tracking: {
          trackingNumber: "KE123456785US",
          status: "in_transit",
          destinationCountry: "DE",
          events: [
            { status: "placed", at: sample.at },
            { status: "paid", at: "2026-11-24T11:02:00.000Z" },
            { status: "shipped", at: "2026-11-25T08:15:00.000Z" },
            { status: "in_transit", at: "2026-11-26T06:40:00.000Z", location: "Leipzig hub" },
          ],
        },
      },
    },
  },
  async ({ request, params, meta }) => {
    // After the check digit (the path parser), before the lookup: only well-formed numbers are counted,
    // and every one of them is, found or not.
    await consumeTrackingLookup(limitIp(meta));
    return cacheableJson(request, { tracking: await trackParcel(params.trackingNumber) }, getConfig().tracking.cacheSeconds);
  },
);

export const { GET, POST, PUT, PATCH, DELETE } = routeMethods(trackParcelRoute);
