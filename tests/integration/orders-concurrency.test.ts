/**
 * Orders placed at the same time by one customer. The loyalty discount depends on how many paid
 * orders the customer already has, and an order's reference must name one order: both only hold if
 * the server prices and creates one customer's orders one at a time.
 */
import { describe, expect, inject, it } from "vitest";
import { allOrders, orderCount, placeOrders, signedIn, sql } from "../support/domain";
import { api } from "../support/http";

const baseUrl = inject("baseUrl");
const databaseUrl = inject("databaseUrl");
const client = api(baseUrl);

const BURST = 5;
const CUSTOMERS = 3;

const post = (token: string, body: unknown) => client.post("/api/v1/orders", body, { token });

describe("orders placed at the same time", () => {
  // Contract change in issue 16: the discount counts paid orders only, so the burst at the threshold
  // (50 paid orders, 5 simultaneous new ones) lives in tests/integration/order-lifecycle.test.ts,
  // where an administrator can mark orders paid. Here: orders that were only placed never count,
  // however many arrive at once.
  it(`prices ${BURST} simultaneous orders after 50 placed (unpaid) ones at full price, for each of ${CUSTOMERS} customers at once`, async () => {
    const customers = [];
    for (let i = 0; i < CUSTOMERS; i++) customers.push(await signedIn(client));
    await Promise.all(customers.map((customer) => placeOrders(client, customer.token, 50)));

    const bursts = await Promise.all(
      customers.map((customer) => Promise.all(Array.from({ length: BURST }, () => post(customer.token, { weightKg: 2.1, destination: "DE" })))),
    );

    for (const [index, burst] of bursts.entries()) {
      const customer = customers[index]!;
      expect(burst.map((response) => response.status)).toEqual(Array(BURST).fill(201));
      expect(burst.map((response) => [response.body.order.discountCents, response.body.order.totalCents])).toEqual(Array(BURST).fill([0, 630]));
      expect(await orderCount(client, customer.token)).toBe(50 + BURST);
      const listed = await allOrders(client, customer.token);
      expect(listed.filter((order) => order.discountCents > 0)).toEqual([]);
      const rows = await sql(
        databaseUrl,
        "SELECT count(*)::int AS orders, count(*) FILTER (WHERE discount_cents = 0 AND status = 'placed')::int AS full_price FROM orders WHERE user_id = $1",
        [customer.user.id],
      );
      if (rows) expect(rows).toEqual([{ orders: 50 + BURST, full_price: 50 + BURST }]);
    }
  });

  it("creates exactly one order for simultaneous requests with the same reference; the others get it back", async () => {
    const { user, token } = await signedIn(client);
    const body = { weightKg: 3.3, destination: "JP", reference: "double-click" };
    const responses = await Promise.all(Array.from({ length: 8 }, () => post(token, body)));

    expect(responses.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 201]);
    const orderIds = new Set(responses.map((r) => r.body.order.id));
    expect(orderIds.size).toBe(1);
    const created = responses.find((r) => r.status === 201)!.body;
    for (const response of responses) expect(response.body).toEqual(created);
    expect(await orderCount(client, token)).toBe(1);
    const rows = await sql(databaseUrl, "SELECT count(*)::int AS n FROM orders WHERE user_id = $1", [user.id]);
    if (rows) expect(rows).toEqual([{ n: 1 }]);
  });

  it("lets exactly one of two different orders with the same reference win; the other is a 409", async () => {
    const { token } = await signedIn(client);
    const light = { weightKg: 1, destination: "DE", reference: "race" };
    const heavy = { weightKg: 9, destination: "DE", reference: "race" };
    const responses = await Promise.all([light, heavy, light, heavy, light, heavy].map((body) => post(token, body)));

    const winner = responses.find((r) => r.status === 201)!;
    expect(responses.filter((r) => r.status === 201)).toHaveLength(1);
    const winnerWeight = winner.body.order.weightKg;
    for (const [index, response] of responses.entries()) {
      const sameAsWinner = (index % 2 === 0 ? 1 : 9) === winnerWeight;
      if (sameAsWinner) {
        expect([200, 201]).toContain(response.status);
        expect(response.body).toEqual(winner.body);
      } else {
        expect(response.status).toBe(409);
        expect(response.body.error).toEqual({ code: "conflict", message: expect.any(String), fields: { reference: [expect.any(String)] } });
      }
    }
    expect(await orderCount(client, token)).toBe(1);
  });
});
