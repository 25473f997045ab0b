/**
 * POST /api/v1/shipping/quote over HTTP (OpenAPI document, Shipping and orders): exact prices per region under
 * the seed rate table (version 1), half-up rounding to the cent, the 100-cent minimum charge, the
 * weight and country limits, and no loyalty discount for orders that were only placed. (Paid orders
 * counting toward the discount needs an administrator: tests/integration/order-lifecycle.test.ts.)
 */
import { beforeAll, describe, expect, inject, it } from "vitest";
import { expectError, orderCount, placeOrders, signedIn, type SignedIn } from "../support/domain";
import { api, webSignIn } from "../support/http";

const baseUrl = inject("baseUrl");
const client = api(baseUrl);

const quote = (body: unknown, options: { token?: string; cookie?: string; origin?: string } = {}) =>
  client.post("/api/v1/shipping/quote", body, options);

type Region = "US" | "EU" | "INTL";

function fullPrice(region: Region, rate: number, weightKg: number, subtotal: number) {
  return {
    region,
    ratePerKgCents: rate,
    minimumChargeCents: 100,
    weightKg,
    // Without dimensions the chargeable weight is the actual weight.
    volumetricWeightKg: null,
    chargeableWeightKg: weightKg,
    subtotalCents: subtotal,
    discountCents: 0,
    totalCents: subtotal,
    currency: "USD",
    ratesVersion: 1,
  };
}

describe("POST /api/v1/shipping/quote: prices", () => {
  // [weightKg, destination, expected quote]; subtotal = max(grams x rate / 1000 rounded half-up, 100).
  // Contract change in issue 16: weights below 100 cents' worth now cost the 100-cent minimum.
  const cases: [number, string, ReturnType<typeof fullPrice>][] = [
    [2.1, "DE", fullPrice("EU", 300, 2.1, 630)],
    [2.1, "de", fullPrice("EU", 300, 2.1, 630)],
    [2.1, "dE", fullPrice("EU", 300, 2.1, 630)],
    [1, "US", fullPrice("US", 250, 1, 250)],
    [2.5, "us", fullPrice("US", 250, 2.5, 625)],
    [1, "FR", fullPrice("EU", 300, 1, 300)],
    [1, "HR", fullPrice("EU", 300, 1, 300)],
    [1, "GR", fullPrice("EU", 300, 1, 300)],
    [1, "JP", fullPrice("INTL", 400, 1, 400)],
    // Not EU members (any more), or territories with their own codes: INTL.
    [1, "GB", fullPrice("INTL", 400, 1, 400)],
    [1, "CH", fullPrice("INTL", 400, 1, 400)],
    [1, "NO", fullPrice("INTL", 400, 1, 400)],
    [1, "RE", fullPrice("INTL", 400, 1, 400)],
    // Puerto Rico has its own ISO code: not region US.
    [1, "PR", fullPrice("INTL", 400, 1, 400)],
    [0.3, "DE", fullPrice("EU", 300, 0.3, 100)], // 90: the minimum
    [1.001, "DE", fullPrice("EU", 300, 1.001, 300)], // 300.3
    [1.005, "DE", fullPrice("EU", 300, 1.005, 302)], // 301.5: half-up
    [0.002, "US", fullPrice("US", 250, 0.002, 100)], // 0.5: the minimum
    [0.402, "US", fullPrice("US", 250, 0.402, 101)], // 100.5: half-up, above the minimum
    [0.001, "DE", fullPrice("EU", 300, 0.001, 100)], // 0.3: the minimum
    [0.001, "US", fullPrice("US", 250, 0.001, 100)], // 0.25: the minimum
    [0.001, "JP", fullPrice("INTL", 400, 0.001, 100)], // 0.4: the minimum
    [0.335, "DE", fullPrice("EU", 300, 0.335, 101)], // 100.5: half-up, above the minimum
    [999.999, "JP", fullPrice("INTL", 400, 999.999, 400000)], // 399999.6
    [1000, "DE", fullPrice("EU", 300, 1000, 300000)],
    [1000, "US", fullPrice("US", 250, 1000, 250000)],
    [1000, "BR", fullPrice("INTL", 400, 1000, 400000)],
  ];
  for (const [weightKg, destination, expected] of cases) {
    it(`${weightKg} kg to ${destination} costs ${expected.totalCents} cents (anonymous, no discount)`, async () => {
      const response = await quote({ weightKg, destination });
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ quote: expected });
    });
  }

  it("reads the weight exactly as written, whatever the JSON spelling of the number", async () => {
    for (const raw of ['{"weightKg":2.1,"destination":"DE"}', '{"weightKg":2.100,"destination":"DE"}', '{"weightKg":21e-1,"destination":"DE"}', '{"weightKg":0.0021E3,"destination":"DE"}']) {
      const response = await client.post("/api/v1/shipping/quote", undefined, { raw });
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ quote: fullPrice("EU", 300, 2.1, 630) });
    }
  });
});

describe("POST /api/v1/shipping/quote: limits", () => {
  const weights: [unknown, string][] = [
    [0, "not positive"],
    [-1, "negative"],
    [-0.001, "negative gram"],
    [1000.001, "one gram too heavy"],
    [1001, "too heavy"],
    [1e308, "huge"],
    [0.0001, "below a gram"],
    [1.0005, "half a gram"],
    [1e-7, "exponent notation below a gram"],
    ["2.1", "a string"],
    ["NaN", "NaN as a string"],
    ["Infinity", "Infinity as a string"],
    ["-Infinity", "-Infinity as a string"],
    [null, "null"],
    [true, "a boolean"],
    [[2.1], "an array"],
    [{ value: 2.1 }, "an object"],
  ];
  it("refuses negative zero as written in JSON", async () => {
    for (const raw of ['{"weightKg":-0,"destination":"DE"}', '{"weightKg":-0.0,"destination":"DE"}', '{"weightKg":0e5,"destination":"DE"}']) {
      expectError(await client.post("/api/v1/shipping/quote", undefined, { raw }), 400, "validation_failed", ["weightKg"]);
    }
  });

  for (const [weightKg, name] of weights) {
    it(`refuses a weight that is ${name}`, async () => {
      expectError(await quote({ weightKg, destination: "DE" }), 400, "validation_failed", ["weightKg"]);
    });
  }

  const destinations: [unknown, string][] = [
    ["XX", "unassigned"],
    ["EU", "the EU's reserved code"],
    ["UK", "the UK's reserved code"],
    ["XK", "user-assigned (Kosovo)"],
    ["DEU", "alpha-3"],
    ["D", "one letter"],
    ["", "empty"],
    [" DE", "padded"],
    ["D1", "with a digit"],
    ["ß", "a non-ASCII letter that upper-cases to ASCII"],
    ["ıd", "a dotless i that upper-cases to ASCII"],
    [276, "a number"],
    [null, "null"],
    [["DE"], "an array"],
  ];
  for (const [destination, name] of destinations) {
    it(`refuses a destination that is ${name}`, async () => {
      expectError(await quote({ weightKg: 1, destination }), 400, "validation_failed", ["destination"]);
    });
  }

  it("requires both fields and accepts no others (no client-side prices)", async () => {
    expectError(await quote({ destination: "DE" }), 400, "validation_failed", ["weightKg"]);
    expectError(await quote({ weightKg: 1 }), 400, "validation_failed", ["destination"]);
    expectError(await quote({}), 400, "validation_failed", ["weightKg", "destination"]);
    for (const field of ["discountCents", "ratePerKgCents", "totalCents", "orderCount", "userId"]) {
      expectError(await quote({ weightKg: 1, destination: "DE", [field]: 0 }), 400, "validation_failed", [field]);
    }
  });

  it("treats bad credentials as 401, not as an anonymous caller", async () => {
    expectError(await quote({ weightKg: 1, destination: "DE" }, { token: "a.b.c" }), 401, "unauthenticated");
    expectError(await quote({ weightKg: 1, destination: "DE" }, { cookie: "next-auth.session-token=garbage" }), 401, "unauthenticated");
  });
});

describe("POST /api/v1/shipping/quote: loyalty discount", () => {
  let veteran: SignedIn;

  beforeAll(async () => {
    veteran = await signedIn(client);
    await placeOrders(client, veteran.token, 51);
  });

  // Contract change in issue 16: only paid, shipped and delivered orders count, and nobody here can
  // mark an order paid, so 51 placed orders earn nothing.
  it("is not given for orders that were only placed (51 of them), nor to anyone anonymous; a quote places no order", async () => {
    expect(await orderCount(client, veteran.token)).toBe(51);
    expect((await quote({ weightKg: 2.1, destination: "DE" }, { token: veteran.token })).body).toEqual({ quote: fullPrice("EU", 300, 2.1, 630) });
    const newcomer = await signedIn(client);
    expect((await quote({ weightKg: 2.1, destination: "DE" }, { token: newcomer.token })).body).toEqual({ quote: fullPrice("EU", 300, 2.1, 630) });
    expect((await quote({ weightKg: 2.1, destination: "DE" })).body).toEqual({ quote: fullPrice("EU", 300, 2.1, 630) });
    expect(await orderCount(client, veteran.token)).toBe(51);
  });

  it("is the same through the web session cookie (same origin)", async () => {
    const cookie = await webSignIn(baseUrl, veteran.user.username, veteran.user.password);
    const viaCookie = await quote({ weightKg: 2.1, destination: "DE" }, { cookie, origin: baseUrl });
    expect(viaCookie.status).toBe(200);
    expect(viaCookie.body).toEqual({ quote: fullPrice("EU", 300, 2.1, 630) });
    // A cross-site request riding on the cookie is refused rather than quoted anonymously.
    expectError(await quote({ weightKg: 2.1, destination: "DE" }, { cookie, origin: "https://evil.example" }), 403, "forbidden");
  });
});
