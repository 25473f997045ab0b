import { z } from "zod";
import { idPath } from "@/lib/http/params";
import { route, routeMethods } from "@/lib/http/route";
import { orderLabel } from "@/lib/tracking/label-order";

const getOrderLabelRoute = route(
  {
    method: "GET",
    path: "/api/v1/orders/{id}/label",
    operationId: "getOrderLabel",
    apiKeyScope: "orders:write",
    tag: "Shipping and orders",
    summary: "The shipping label of one of your orders (PDF, 4 x 6 in)",
    description:
      "Sender, recipient (in the destination's address format), weight, zone, order id and the tracking number as a Code 128 barcode. Names print in Latin, Greek, Cyrillic, Arabic and Japanese scripts. 409 `conflict` until the order is paid; 404 for another user's order; 429 `rate_limited` (with `Retry-After`) beyond RATE_LIMIT_LABELS_PER_USER labels per user in 15 minutes.",
    access: "user",
    params: idPath("order"),
    responses: {
      200: {
        description: "The label.",
        mediaType: "application/pdf",
        schema: z.string().meta({ format: "binary", description: "A one-page PDF, 288 x 432 pt." }),
      },
    },
    errors: ["conflict", "rate_limited"],
    // A PDF, not JSON: no example body.
    examples: { params: { id: "123" }, response: null },
  },
  async ({ params, caller }) => {
    const pdf = await orderLabel(caller.user.id, params.id);
    return new Response(Buffer.from(pdf), {
      headers: {
        "content-type": "application/pdf",
        "content-disposition": `attachment; filename="keel-label-${params.id}.pdf"`,
        // Names and addresses: never kept by a shared cache.
        "cache-control": "private, no-store",
      },
    });
  },
);

export const { GET, POST, PUT, PATCH, DELETE } = routeMethods(getOrderLabelRoute);
