/**
 * Orders over HTTP (OpenAPI document, Shipping and orders): server-side pricing with the loyalty discount,
 * idempotent creation by reference, newest-first cursor pagination that stays stable while orders
 * are added, and orders that are never visible to anyone but their owner.
 */
import { describe, expect, inject, it } from "vitest";
import { allOrders, expectError, isoTimestamp, orderCount, placeOrders, signedIn, sql, stateOf } from "../support/domain";
import { api } from "../support/http";

const baseUrl = inject("baseUrl");
const databaseUrl = inject("databaseUrl");
const client = api(baseUrl);

const ids = (items: { id: number }[]) => items.map((item) => item.id);
const cursorOf = (text: string) => Buffer.from(text).toString("base64url");

describe("POST /api/v1/orders", () => {
  it("creates an order priced by the server and returns it as GET does", async () => {
    const { user, token } = await signedIn(client);
    const created = await client.post("/api/v1/orders", { weightKg: 2.1, destination: "de", reference: "web-2026-0001" }, { token });
    expect(created.status).toBe(201);
    const order = {
      id: expect.any(Number),
      reference: "web-2026-0001",
      destination: "DE",
      weightKg: 2.1,
      region: "EU",
      ratePerKgCents: 300,
      minimumChargeCents: 100,
      subtotalCents: 630,
      discountCents: 0,
      totalCents: 630,
      currency: "USD",
      ratesVersion: 1,
      status: "placed",
      // An old-style order (weight and destination only): no parcel, addresses or contents.
      parcel: null,
      recipient: null,
      sender: null,
      contents: null,
      chargeableWeightKg: null,
      events: [{ status: "placed", at: isoTimestamp }],
      trackingEvents: [],
      payment: null,
      createdAt: isoTimestamp,
    };
    expect(created.body).toEqual({ order });
    expect(created.body.order.events[0].at).toBe(created.body.order.createdAt);
    expect(created.headers.get("cache-control")).toBe("no-store");

    const read = await client.get(`/api/v1/orders/${created.body.order.id}`, { token });
    expect(read.status).toBe(200);
    expect(read.body).toEqual(created.body);

    const plain = await client.post("/api/v1/orders", { weightKg: 0.5, destination: "US" }, { token });
    expect(plain.status).toBe(201);
    expect(plain.body.order).toEqual({ ...order, reference: null, destination: "US", weightKg: 0.5, region: "US", ratePerKgCents: 250, subtotalCents: 125, totalCents: 125 });
    expect(plain.body.order.id).toBeGreaterThan(created.body.order.id);
    expect(await orderCount(client, token)).toBe(2);

    const rows = await sql(
      databaseUrl,
      `SELECT user_id, reference, destination, weight_grams, region::text, rate_per_kg_cents, subtotal_cents, discount_cents,
              total_cents, currency, discount_reason
         FROM orders WHERE id = $1`,
      [created.body.order.id],
    );
    if (rows) {
      expect(rows).toEqual([
        {
          user_id: user.id,
          reference: "web-2026-0001",
          destination: "DE",
          weight_grams: 2100,
          region: "EU",
          rate_per_kg_cents: 300,
          subtotal_cents: 630,
          discount_cents: 0,
          total_cents: 630,
          currency: "USD",
          discount_reason: null,
        },
      ]);
    }
  });

  it("never takes a price (or an owner) from the client", async () => {
    const { user, token } = await signedIn(client);
    const other = await signedIn(client);
    const before = await stateOf(client, databaseUrl, { id: user.id, token });
    const smuggled: Record<string, unknown> = {
      subtotalCents: 1,
      discountCents: 630,
      totalCents: 0,
      ratePerKgCents: 1,
      currency: "EUR",
      region: "US",
      discountReason: "friends and family",
      price: 0,
      userId: other.user.id,
      id: 1,
      createdAt: "2000-01-01T00:00:00.000Z",
    };
    for (const [field, value] of Object.entries(smuggled)) {
      const response = await client.post("/api/v1/orders", { weightKg: 2.1, destination: "DE", [field]: value }, { token });
      expectError(response, 400, "validation_failed", [field]);
      expect(await stateOf(client, databaseUrl, { id: user.id, token })).toEqual(before);
    }
    expect(await orderCount(client, other.token)).toBe(0);
  });

  // The contract changed here (issue 16): only paid, shipped and delivered orders count toward the
  // loyalty discount, so 52 orders that were only placed are all full price. That paid orders do
  // count, also at the threshold under concurrency, is tested where an administrator can mark them
  // paid: tests/integration/order-lifecycle.test.ts.
  it("charges placed (unpaid) orders full price however many there are; a retry keeps its original price", async () => {
    const { token } = await signedIn(client);
    const first = await client.post("/api/v1/orders", { weightKg: 2.1, destination: "DE", reference: "first" }, { token });
    expect(first.status).toBe(201);
    const earlier = [first.body.order, ...(await placeOrders(client, token, 51, { weightKg: 2.1, destination: "DE" }))];
    expect(earlier.every((o) => o.discountCents === 0 && o.totalCents === 630 && !("discountReason" in o) && o.status === "placed")).toBe(true);
    expect(await orderCount(client, token)).toBe(52);

    const fiftyThird = await client.post("/api/v1/orders", { weightKg: 2.1, destination: "DE" }, { token });
    expect(fiftyThird.status).toBe(201);
    expect(fiftyThird.body.order).toMatchObject({ subtotalCents: 630, discountCents: 0, totalCents: 630 });
    expect(fiftyThird.body.order).not.toHaveProperty("discountReason");
    expect((await client.get(`/api/v1/orders/${fiftyThird.body.order.id}`, { token })).body).toEqual(fiftyThird.body);

    // Retrying the very first order returns it as it was priced then.
    const retry = await client.post("/api/v1/orders", { weightKg: 2.1, destination: "DE", reference: "first" }, { token });
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual(first.body);
    expect(await orderCount(client, token)).toBe(53);
  });

  it("charges the zone's minimum when weight x rate is less (contract change in issue 16: a 1 g parcel cost 0 cents before)", async () => {
    const { token } = await signedIn(client);
    const response = await client.post("/api/v1/orders", { weightKg: 0.001, destination: "JP" }, { token });
    expect(response.status).toBe(201);
    expect(response.body.order).toMatchObject({ region: "INTL", ratePerKgCents: 400, minimumChargeCents: 100, subtotalCents: 100, totalCents: 100 });
  });
});

describe("POST /api/v1/orders: idempotency by reference", () => {
  it("returns the original order (200) for the same reference and content, and creates nothing", async () => {
    const { user, token } = await signedIn(client);
    const body = { weightKg: 1.234, destination: "FR", reference: "retry-me" };
    const created = await client.post("/api/v1/orders", body, { token });
    expect(created.status).toBe(201);
    const before = await stateOf(client, databaseUrl, { id: user.id, token });

    // Equivalent spellings of the same order: lower-case country, padded reference, other JSON number form.
    const retries: [unknown, string?][] = [[body], [{ ...body, destination: "fr" }], [{ ...body, reference: "  retry-me  " }], [undefined, '{"weightKg":1234e-3,"destination":"FR","reference":"retry-me"}']];
    for (const [retryBody, raw] of retries) {
      const retry = await client.post("/api/v1/orders", retryBody, raw ? { token, raw } : { token });
      expect(retry.status).toBe(200);
      expect(retry.body).toEqual(created.body);
      expect(await stateOf(client, databaseUrl, { id: user.id, token })).toEqual(before);
    }
  });

  it("refuses the same reference for a different order with 409, changing nothing", async () => {
    const { user, token } = await signedIn(client);
    const created = await client.post("/api/v1/orders", { weightKg: 2, destination: "DE", reference: "ref-409" }, { token });
    expect(created.status).toBe(201);
    const before = await stateOf(client, databaseUrl, { id: user.id, token });
    for (const body of [
      { weightKg: 2.001, destination: "DE", reference: "ref-409" },
      { weightKg: 2, destination: "AT", reference: "ref-409" },
      { weightKg: 3, destination: "US", reference: "ref-409" },
    ]) {
      expectError(await client.post("/api/v1/orders", body, { token }), 409, "conflict", ["reference"]);
      expect(await stateOf(client, databaseUrl, { id: user.id, token })).toEqual(before);
    }
    expect((await client.get(`/api/v1/orders/${created.body.order.id}`, { token })).body).toEqual(created.body);
  });

  it("keeps references per user: two users can use the same one, and each gets their own order", async () => {
    const a = await signedIn(client);
    const b = await signedIn(client);
    const orderA = await client.post("/api/v1/orders", { weightKg: 1, destination: "DE", reference: "shared-ref" }, { token: a.token });
    // B uses A's reference for a different parcel: not a conflict, and not A's order.
    const orderB = await client.post("/api/v1/orders", { weightKg: 5, destination: "JP", reference: "shared-ref" }, { token: b.token });
    expect([orderA.status, orderB.status]).toEqual([201, 201]);
    expect(orderB.body.order.id).not.toBe(orderA.body.order.id);
    expect(orderB.body.order).toMatchObject({ reference: "shared-ref", weightKg: 5, destination: "JP", totalCents: 2000 });
    // B sending A's exact content under the shared reference clashes with B's own order; it never resolves to A's.
    const bSameAsA = await client.post("/api/v1/orders", { weightKg: 1, destination: "DE", reference: "shared-ref" }, { token: b.token });
    expectError(bSameAsA, 409, "conflict", ["reference"]);
    expect(ids(await allOrders(client, a.token))).toEqual([orderA.body.order.id]);
    expect(ids(await allOrders(client, b.token))).toEqual([orderB.body.order.id]);
  });

  it("stores a reference that looks like SQL verbatim", async () => {
    const { token } = await signedIn(client);
    for (const reference of ["'; DROP TABLE orders; --", "' OR '1'='1", "\\x00 %_ $1 ${x} <script>"]) {
      const created = await client.post("/api/v1/orders", { weightKg: 1, destination: "DE", reference }, { token });
      expect(created.status).toBe(201);
      expect(created.body.order.reference).toBe(reference);
      expect((await client.get(`/api/v1/orders/${created.body.order.id}`, { token })).body.order.reference).toBe(reference);
    }
    expect(await orderCount(client, token)).toBe(3);
  });
});

describe("GET /api/v1/orders", () => {
  it("pages through the caller's orders newest first, chaining nextCursor to the end without gaps or repeats", async () => {
    const owner = await signedIn(client);
    const stranger = await signedIn(client);
    // Interleaved with another user's orders, so that the ids of the caller's orders have gaps.
    const mine = await placeOrders(client, owner.token, 10);
    await placeOrders(client, stranger.token, 2);
    mine.push(...(await placeOrders(client, owner.token, 15)));
    await placeOrders(client, stranger.token, 1);
    const newestFirst = ids(mine).reverse();

    const seen: number[] = [];
    const sizes: number[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `limit=7&cursor=${encodeURIComponent(cursor)}` : "limit=7";
      const page = await client.get(`/api/v1/orders?${query}`, { token: owner.token });
      expect(page.status).toBe(200);
      expect(Object.keys(page.body).sort()).toEqual(["items", "nextCursor"]);
      sizes.push(page.body.items.length);
      seen.push(...ids(page.body.items));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(sizes).toEqual([7, 7, 7, 4]);
    expect(seen).toEqual(newestFirst);

    // The default page is 20; the maximum is 100; exactly `limit` left means no next page.
    const first = await client.get("/api/v1/orders", { token: owner.token });
    expect(ids(first.body.items)).toEqual(newestFirst.slice(0, 20));
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const all = await client.get("/api/v1/orders?limit=100", { token: owner.token });
    expect(all.body).toEqual({ items: [...mine].reverse(), nextCursor: null });
    expect((await client.get("/api/v1/orders?limit=25", { token: owner.token })).body.nextCursor).toBeNull();
  });

  it("continues where the previous page ended when orders are added while paging", async () => {
    const { token } = await signedIn(client);
    const original = ids(await placeOrders(client, token, 10)).reverse();

    const page1 = await client.get("/api/v1/orders?limit=4", { token });
    expect(ids(page1.body.items)).toEqual(original.slice(0, 4));
    const added = await placeOrders(client, token, 2);

    const page2 = await client.get(`/api/v1/orders?limit=4&cursor=${encodeURIComponent(page1.body.nextCursor)}`, { token });
    expect(ids(page2.body.items)).toEqual(original.slice(4, 8));
    const page3 = await client.get(`/api/v1/orders?limit=4&cursor=${encodeURIComponent(page2.body.nextCursor)}`, { token });
    expect(page3.body).toEqual({ items: expect.any(Array), nextCursor: null });
    expect(ids(page3.body.items)).toEqual(original.slice(8));

    // Starting over shows the new orders first.
    expect(ids(await allOrders(client, token, 5))).toEqual([...ids(added).reverse(), ...original]);
  });

  it("shows only the caller's orders, whatever cursor they send", async () => {
    const a = await signedIn(client);
    const b = await signedIn(client);
    const ordersA = ids(await placeOrders(client, a.token, 3));
    const ordersB = ids(await placeOrders(client, b.token, 3));
    expect(ids(await allOrders(client, a.token))).toEqual([...ordersA].reverse());
    expect(ids(await allOrders(client, b.token))).toEqual([...ordersB].reverse());
    // A cursor made from one of A's pages only positions B's list; it never shows A's orders.
    const pageA = await client.get("/api/v1/orders?limit=1", { token: a.token });
    const bWithACursor = await client.get(`/api/v1/orders?cursor=${encodeURIComponent(pageA.body.nextCursor)}`, { token: b.token });
    expect(bWithACursor.status).toBe(200);
    expect(ids(bWithACursor.body.items).filter((id) => ordersA.includes(id))).toEqual([]);
    expect(ids(bWithACursor.body.items).every((id) => ordersB.includes(id))).toBe(true);
  });

  it("refuses an invalid limit, cursor or parameter with 400", async () => {
    const { token } = await signedIn(client);
    await placeOrders(client, token, 2);
    for (const limit of ["0", "101", "abc", "-1", "1.5", "", "1e9", "NaN", "Infinity", "9".repeat(400)]) {
      expectError(await client.get(`/api/v1/orders?limit=${encodeURIComponent(limit)}`, { token }), 400, "validation_failed", ["limit"]);
    }
    const badCursors = [
      "abc",
      "!!!",
      "%00",
      cursorOf("o1.0"),
      cursorOf("o1.-1"),
      cursorOf("o1.1.5"),
      cursorOf("o1.2147483648"),
      cursorOf("o1.99999999999"),
      cursorOf("o1.01"),
      cursorOf("o2.5"),
      cursorOf("u1.5"), // a users cursor of the admin API
      cursorOf("o1.5 "),
      "x".repeat(201),
    ];
    for (const cursor of badCursors) {
      expectError(await client.get(`/api/v1/orders?cursor=${encodeURIComponent(cursor)}`, { token }), 400, "validation_failed", ["cursor"]);
    }
    expectError(await client.get("/api/v1/orders?page=2", { token }), 400, "validation_failed", ["page"]);
    expectError(await client.get("/api/v1/orders?userId=1", { token }), 400, "validation_failed", ["userId"]);
  });

  it("needs credentials", async () => {
    expectError(await client.get("/api/v1/orders"), 401, "unauthenticated");
    expectError(await client.post("/api/v1/orders", { weightKg: 1, destination: "DE" }), 401, "unauthenticated");
    expectError(await client.get("/api/v1/orders/1"), 401, "unauthenticated");
  });
});

describe("GET /api/v1/orders/{id}", () => {
  it("returns the caller's own order, and for anyone else's the same 404 as for a missing or malformed id", async () => {
    const owner = await signedIn(client);
    const other = await signedIn(client);
    const [order] = await placeOrders(client, owner.token, 1);
    expect((await client.get(`/api/v1/orders/${order.id}`, { token: owner.token })).body).toEqual({ order });

    const theirs = await client.get(`/api/v1/orders/${order.id}`, { token: other.token });
    expectError(theirs, 404, "not_found");
    for (const id of ["2147483647", "2147483648", "abc", "0", "-1", "1.5", "99999999999", "1e3", `0${order.id}`, `${order.id}%20`, "%20", "0x1"]) {
      const missing = await client.get(`/api/v1/orders/${id}`, { token: other.token });
      expect({ id, status: missing.status, body: missing.body }).toEqual({ id, status: 404, body: theirs.body });
    }
    // The owner gets the same answers for ids that are not theirs or not ids.
    expect((await client.get("/api/v1/orders/abc", { token: owner.token })).body).toEqual(theirs.body);
    // And B's list never shows it.
    expect(ids(await allOrders(client, other.token))).toEqual([]);
  });
});
