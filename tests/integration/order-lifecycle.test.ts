/**
 * The order lifecycle over HTTP (OpenAPI document, Order lifecycle): every legal and illegal transition,
 * repeats as no-ops, tracking numbers, customers cancelling their own placed orders, the admin list
 * and its filters, administrators racing on one order, and the loyalty discount counting only paid,
 * shipped and delivered orders, also under a burst of simultaneous orders at the threshold.
 * Runs in an admin world (tests/support/admin.ts): only there is there an administrator.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type AdminWorld, startAdminWorld } from "../support/admin";
import { expectError, isoTimestamp, placeOrders, setOrderStatus, signedIn, sql } from "../support/domain";
import { webSignIn } from "../support/http";

const engine = inject("engine");
const STATUSES = ["placed", "paid", "shipped", "delivered", "cancelled"] as const;
type Status = (typeof STATUSES)[number];
const LEGAL = new Set(["placed>paid", "paid>shipped", "shipped>delivered", "placed>cancelled", "paid>cancelled"]);
/** The statuses an order passes through to reach each status. */
const PATH: Record<Status, Status[]> = {
  placed: [],
  paid: ["paid"],
  shipped: ["paid", "shipped"],
  delivered: ["paid", "shipped", "delivered"],
  cancelled: ["cancelled"],
};
const LOYALTY = "Loyalty discount: 10% off for customers with more than 50 orders.";

let world: AdminWorld;
let adminToken: string;

beforeAll(async () => {
  world = await startAdminWorld(engine);
  adminToken = world.adminTokens.accessToken;
});

afterAll(async () => {
  await world?.close();
});

// A manual payment needs its reason (API.md, Payments); every other status has none.
const setStatus = (id: number, status: string, extra: Record<string, unknown> = {}, token = adminToken) =>
  world.client.post(`/api/v1/admin/orders/${id}/status`, { status, ...(status === "paid" ? { reason: "Cash at the counter" } : {}), ...extra }, { token });
const body = (status: Status) => (status === "shipped" ? { trackingNumber: "TRACK-1" } : {});

/** A fresh customer's order brought to `status` by the administrator. */
async function orderIn(token: string, status: Status) {
  const [order] = await placeOrders(world.client, token, 1, { weightKg: 2.1, destination: "DE" });
  for (const step of PATH[status]) expect((await setStatus(order.id, step, body(step))).status).toBe(200);
  return order as { id: number };
}

describe("POST /api/v1/admin/orders/{id}/status", () => {
  it("moves an order placed -> paid -> shipped (with a tracking number) -> delivered, recording each event in order", async () => {
    const customer = await signedIn(world.client);
    const [placed] = await placeOrders(world.client, customer.token, 1, { weightKg: 2.1, destination: "DE" });
    expect(placed).toMatchObject({ status: "placed", events: [{ status: "placed", at: isoTimestamp }] });
    expect(placed).not.toHaveProperty("trackingNumber");

    const paid = await setStatus(placed.id, "paid");
    expect(paid.status).toBe(200);
    expect(paid.body.order).toMatchObject({ id: placed.id, status: "paid", totalCents: placed.totalCents, userId: customer.user.id, username: customer.user.username });
    expect(paid.body.order.events.map((e: { status: string }) => e.status)).toEqual(["placed", "paid"]);

    const shipped = await setStatus(placed.id, "shipped", { trackingNumber: "1Z999AA10123456784" });
    expect(shipped.body.order).toMatchObject({ status: "shipped", trackingNumber: "1Z999AA10123456784" });
    const delivered = await setStatus(placed.id, "delivered");
    expect(delivered.body.order.events.map((e: { status: string }) => e.status)).toEqual(["placed", "paid", "shipped", "delivered"]);
    const times = delivered.body.order.events.map((e: { at: string }) => Date.parse(e.at));
    expect([...times].sort((a, b) => a - b)).toEqual(times);

    // The customer sees the same order, status, events and tracking number (without the admin fields).
    const mine = await world.client.get(`/api/v1/orders/${placed.id}`, { token: customer.token });
    const { userId: _u, username: _n, ...asCustomer } = delivered.body.order;
    expect(mine.body).toEqual({ order: asCustomer });
    // The price never changed along the way.
    expect(mine.body.order).toMatchObject({ subtotalCents: 630, totalCents: 630, ratesVersion: 1, minimumChargeCents: 100 });

    const rows = await sql(world.databaseUrl, "SELECT status::text, actor_id FROM order_events WHERE order_id = $1 ORDER BY id", [placed.id]);
    if (rows) {
      expect(rows).toEqual([
        { status: "placed", actor_id: customer.user.id },
        { status: "paid", actor_id: world.admin.id },
        { status: "shipped", actor_id: world.admin.id },
        { status: "delivered", actor_id: world.admin.id },
      ]);
    }
  });

  it("allows exactly the contract's transitions from every status; every other one is 409 illegal_transition and changes nothing", async () => {
    const customer = await signedIn(world.client);
    for (const from of STATUSES) {
      for (const to of STATUSES) {
        const order = await orderIn(customer.token, from);
        const before = (await world.client.get(`/api/v1/orders/${order.id}`, { token: customer.token })).body.order;
        const response = await setStatus(order.id, to, body(to));
        const after = (await world.client.get(`/api/v1/orders/${order.id}`, { token: customer.token })).body.order;
        if (from === to) {
          // A repeat: 200 with the order exactly as it was (no new event).
          expect(response.status, `${from} -> ${to}`).toBe(200);
          expect(after, `${from} -> ${to}`).toEqual(before);
        } else if (LEGAL.has(`${from}>${to}`)) {
          expect(response.status, `${from} -> ${to}`).toBe(200);
          expect(after.status).toBe(to);
          expect(after.events).toEqual([...before.events, { status: to, at: isoTimestamp }]);
        } else {
          expectError(response, 409, "illegal_transition");
          expect(after, `${from} -> ${to}`).toEqual(before);
        }
      }
    }
  });

  it("takes a carrier's tracking number only for shipped; bad input is 400 and changes nothing", async () => {
    const customer = await signedIn(world.client);
    const order = await orderIn(customer.token, "paid");
    // Optional since paid orders carry Keel's own S10 number (third build-out); an empty one is still refused.
    expectError(await setStatus(order.id, "shipped", { trackingNumber: "" }), 400, "validation_failed", ["trackingNumber"]);
    expectError(await setStatus(order.id, "shipped", { trackingNumber: "x".repeat(101) }), 400, "validation_failed", ["trackingNumber"]);
    expectError(await setStatus(order.id, "shipped", { trackingNumber: "tab\there" }), 400, "validation_failed", ["trackingNumber"]);
    expectError(await setStatus(order.id, "delivered", { trackingNumber: "T" }), 400, "validation_failed", ["trackingNumber"]);
    expectError(await setStatus(order.id, "lost"), 400, "validation_failed", ["status"]);
    expectError(await setStatus(order.id, "paid", { totalCents: 1 }), 400, "validation_failed", ["totalCents"]);
    expectError(await world.client.post(`/api/v1/admin/orders/${order.id}/status`, undefined, { token: adminToken, raw: "{", contentType: "application/json" }), 400, "invalid_json");
    expect((await world.client.get(`/api/v1/orders/${order.id}`, { token: customer.token })).body.order.status).toBe("paid");
    // Repeating shipped is a no-op: the first tracking number stays.
    expect((await setStatus(order.id, "shipped", { trackingNumber: "FIRST" })).body.order.trackingNumber).toBe("FIRST");
    const again = await setStatus(order.id, "shipped", { trackingNumber: "SECOND" });
    expect(again.status).toBe(200);
    expect(again.body.order.trackingNumber).toBe("FIRST");
    expect(again.body.order.events).toHaveLength(3);
  });

  it("keeps an administrator's optional note with the status event, for administrators only (issue 31, item 8)", async () => {
    const customer = await signedIn(world.client);
    const order = await orderIn(customer.token, "placed");
    // Printable text of any script, at most 500 characters, like a tracking event's note; bad ones change nothing.
    for (const note of ["", "   ", "x".repeat(501), "bell\u0007", "line\nbreak", "evil\u202Eoverride", 12, null]) {
      expectError(await setStatus(order.id, "paid", { note }), 400, "validation_failed", ["note"]);
    }
    expect((await world.client.get(`/api/v1/orders/${order.id}`, { token: customer.token })).body.order.status).toBe("placed");

    const paid = await setStatus(order.id, "paid", { note: "  Paid in cash at the Köln counter, receipt 7.  " });
    expect(paid.status, JSON.stringify(paid.body)).toBe(200);
    expect(paid.body.order.events).toEqual([
      { status: "placed", at: isoTimestamp },
      { status: "paid", at: isoTimestamp, note: "Paid in cash at the Köln counter, receipt 7." },
    ]);
    const longest = "n".repeat(500);
    expect((await setStatus(order.id, "shipped", { note: longest })).body.order.events[2]).toEqual({ status: "shipped", at: isoTimestamp, note: longest });
    // A repeat of the current status is a no-op: its note is not kept anywhere.
    const repeat = await setStatus(order.id, "shipped", { note: "Asked twice" });
    expect(repeat.status).toBe(200);
    expect(JSON.stringify(repeat.body)).not.toContain("Asked twice");
    // Without a note the event has none (not an empty one).
    expect((await setStatus(order.id, "delivered")).body.order.events[3]).toEqual({ status: "delivered", at: isoTimestamp });

    // Administrators read it in the list too; the customer never does (their order, their list).
    const listed = await world.client.get(`/api/v1/admin/orders?userId=${customer.user.id}`, { token: adminToken });
    expect(listed.body.items[0].events[1].note).toBe("Paid in cash at the Köln counter, receipt 7.");
    const own = await world.client.get(`/api/v1/orders/${order.id}`, { token: customer.token });
    expect(own.body.order.events.map((event: object) => Object.keys(event).sort())).toEqual([["at", "status"], ["at", "status"], ["at", "status"], ["at", "status"]]);
    const ownList = await world.client.get("/api/v1/orders", { token: customer.token });
    expect(JSON.stringify(ownList.body)).not.toContain("Köln counter");
  });

  it("is for administrators only (403 for customers, 401 without credentials) and 404 for a missing or malformed order", async () => {
    const customer = await signedIn(world.client);
    const order = await orderIn(customer.token, "placed");
    expectError(await setStatus(order.id, "paid", {}, customer.token), 403, "forbidden");
    expectError(await world.client.post(`/api/v1/admin/orders/${order.id}/status`, { status: "paid" }), 401, "unauthenticated");
    expectError(await setStatus(999_999, "paid"), 404, "not_found");
    expectError(await world.client.post("/api/v1/admin/orders/abc/status", { status: "paid" }, { token: adminToken }), 404, "not_found");
    expect((await world.client.get(`/api/v1/orders/${order.id}`, { token: customer.token })).body.order.status).toBe("placed");
  });

  it("through an administrator's web cookie: same origin only", async () => {
    const customer = await signedIn(world.client);
    const order = await orderIn(customer.token, "placed");
    const cookie = await webSignIn(world.baseUrl, world.admin.username, world.admin.password);
    expectError(await world.client.post(`/api/v1/admin/orders/${order.id}/status`, { status: "paid" }, { cookie, origin: "https://evil.example" }), 403, "forbidden");
    const viaCookie = await world.client.post(`/api/v1/admin/orders/${order.id}/status`, { status: "paid", reason: "Cash at the counter" }, { cookie, origin: world.baseUrl });
    expect(viaCookie.status).toBe(200);
    expect(viaCookie.body.order.status).toBe("paid");
  });
});

describe("administrators racing on one order", () => {
  it("cannot both win: of simultaneous paid and cancelled, exactly one kind succeeds and the other is 409", async () => {
    const customer = await signedIn(world.client);
    const other = await tokensOfSecondAdmin();
    for (let round = 0; round < 4; round++) {
      const order = await orderIn(customer.token, "placed");
      const responses = await Promise.all([
        setStatus(order.id, "paid"),
        setStatus(order.id, "cancelled", {}, other),
        setStatus(order.id, "paid", {}, other),
        setStatus(order.id, "cancelled"),
      ]);
      const final = (await world.client.get(`/api/v1/orders/${order.id}`, { token: customer.token })).body.order;
      // The loser's change is judged against the winner's result: paid -> cancelled is legal, so a
      // cancel after a payment may also succeed; what can never happen is a payment after a cancel.
      const events = final.events.map((e: { status: string }) => e.status);
      expect([["placed", "paid"], ["placed", "cancelled"], ["placed", "paid", "cancelled"]]).toContainEqual(events);
      for (const [i, response] of responses.entries()) {
        const target = i % 2 === 0 ? "paid" : "cancelled";
        if (response.status === 200) expect(events).toContain(target);
        else expectError(response, 409, "illegal_transition");
      }
      // Exactly one event per status reached, however many asked for it.
      expect(new Set(events).size).toBe(events.length);
    }
  });

  it("cannot both ship: of simultaneous shipped and cancelled on a paid order, exactly one wins", async () => {
    const customer = await signedIn(world.client);
    const other = await tokensOfSecondAdmin();
    for (let round = 0; round < 4; round++) {
      const order = await orderIn(customer.token, "paid");
      const responses = await Promise.all([setStatus(order.id, "shipped", { trackingNumber: "RACE" }), setStatus(order.id, "cancelled", {}, other)]);
      expect(responses.map((r) => r.status).sort()).toEqual([200, 409]);
      const final = (await world.client.get(`/api/v1/orders/${order.id}`, { token: customer.token })).body.order;
      const winner = responses.find((r) => r.status === 200)!.body.order.status;
      expect(final.status).toBe(winner);
      expect(final.events).toHaveLength(3);
    }
  });

  it("records one event when many ask for the same status at once; every request gets 200", async () => {
    const customer = await signedIn(world.client);
    const order = await orderIn(customer.token, "placed");
    const responses = await Promise.all(Array.from({ length: 6 }, () => setStatus(order.id, "paid")));
    expect(responses.map((r) => r.status)).toEqual(Array(6).fill(200));
    const final = (await world.client.get(`/api/v1/orders/${order.id}`, { token: customer.token })).body.order;
    expect(final.events.map((e: { status: string }) => e.status)).toEqual(["placed", "paid"]);
    const rows = await sql(world.databaseUrl, "SELECT count(*)::int AS n FROM order_events WHERE order_id = $1 AND status = 'paid'", [order.id]);
    if (rows) expect(rows).toEqual([{ n: 1 }]);
  });
});

let secondAdmin: string | undefined;
/** A second administrator (promoted by the first), for races between two people. */
async function tokensOfSecondAdmin(): Promise<string> {
  if (secondAdmin) return secondAdmin;
  const second = await signedIn(world.client);
  expect((await world.client.patch(`/api/v1/admin/users/${second.user.id}`, { role: "ADMIN" }, { token: adminToken })).status).toBe(200);
  const response = await world.client.post("/api/v1/auth/token", { login: second.user.username, password: second.user.password });
  secondAdmin = response.body.accessToken as string;
  return secondAdmin;
}

describe("POST /api/v1/orders/{id}/cancel", () => {
  it("lets a customer cancel their own placed order, once; a repeat is a no-op 200", async () => {
    const customer = await signedIn(world.client);
    const order = await orderIn(customer.token, "placed");
    const cancelled = await world.client.post(`/api/v1/orders/${order.id}/cancel`, undefined, { token: customer.token });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.order).toMatchObject({ id: order.id, status: "cancelled" });
    expect(cancelled.body.order).not.toHaveProperty("userId");
    expect(cancelled.body.order.events.map((e: { status: string }) => e.status)).toEqual(["placed", "cancelled"]);
    const again = await world.client.post(`/api/v1/orders/${order.id}/cancel`, undefined, { token: customer.token });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(cancelled.body);
    expectError(await setStatus(order.id, "paid"), 409, "illegal_transition");
    const rows = await sql(world.databaseUrl, "SELECT status::text, actor_id FROM order_events WHERE order_id = $1 ORDER BY id", [order.id]);
    if (rows) expect(rows).toEqual([{ status: "placed", actor_id: customer.user.id }, { status: "cancelled", actor_id: customer.user.id }]);
  });

  it.each(["paid", "shipped", "delivered"] as const)("refuses to cancel a %s order (409), changing nothing", async (status) => {
    const customer = await signedIn(world.client);
    const order = await orderIn(customer.token, status);
    const before = (await world.client.get(`/api/v1/orders/${order.id}`, { token: customer.token })).body;
    expectError(await world.client.post(`/api/v1/orders/${order.id}/cancel`, undefined, { token: customer.token }), 409, "illegal_transition");
    expect((await world.client.get(`/api/v1/orders/${order.id}`, { token: customer.token })).body).toEqual(before);
  });

  it("answers another customer's order (and an administrator's call on it) like a missing one: 404, changing nothing", async () => {
    const owner = await signedIn(world.client);
    const stranger = await signedIn(world.client);
    const order = await orderIn(owner.token, "placed");
    expectError(await world.client.post(`/api/v1/orders/${order.id}/cancel`, undefined, { token: stranger.token }), 404, "not_found");
    expectError(await world.client.post(`/api/v1/orders/${order.id}/cancel`, undefined, { token: adminToken }), 404, "not_found");
    expectError(await world.client.post("/api/v1/orders/999999/cancel", undefined, { token: owner.token }), 404, "not_found");
    expectError(await world.client.post(`/api/v1/orders/${order.id}/cancel`), 401, "unauthenticated");
    expect((await world.client.get(`/api/v1/orders/${order.id}`, { token: owner.token })).body.order.status).toBe("placed");
  });
});

describe("GET /api/v1/admin/orders", () => {
  it("lists every customer's orders newest first, filtered by status and/or customer, in chained pages", async () => {
    const alice = await signedIn(world.client);
    const bob = await signedIn(world.client);
    const a1 = await orderIn(alice.token, "placed");
    const b1 = await orderIn(bob.token, "paid");
    const a2 = await orderIn(alice.token, "paid");
    const b2 = await orderIn(bob.token, "shipped");
    const a3 = await orderIn(alice.token, "cancelled");

    const list = async (query: string) => {
      const ids: number[] = [];
      let cursor: string | null = null;
      do {
        const page: { status: number; body: any } = await world.client.get(`/api/v1/admin/orders?limit=2&${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`, { token: adminToken });
        expect(page.status).toBe(200);
        ids.push(...page.body.items.map((o: { id: number }) => o.id));
        cursor = page.body.nextCursor;
      } while (cursor);
      return ids;
    };
    expect(await list(`userId=${alice.user.id}`)).toEqual([a3.id, a2.id, a1.id]);
    expect(await list(`userId=${bob.user.id}&status=shipped`)).toEqual([b2.id]);
    expect(await list(`userId=${alice.user.id}&status=paid`)).toEqual([a2.id]);
    const paid = await list("status=paid");
    expect(paid).toEqual(expect.arrayContaining([a2.id, b1.id]));
    expect(paid).not.toContain(a1.id);
    expect([...paid].sort((x, y) => y - x)).toEqual(paid);

    const first = await world.client.get(`/api/v1/admin/orders?userId=${bob.user.id}`, { token: adminToken });
    expect(first.body.items[0]).toMatchObject({ id: b2.id, userId: bob.user.id, username: bob.user.username, status: "shipped", trackingNumber: "TRACK-1" });
    expect(first.body.nextCursor).toBeNull();
  });

  it("refuses bad filters with 400, and anyone but an administrator", async () => {
    const customer = await signedIn(world.client);
    for (const query of ["status=lost", "userId=abc", "userId=0", "userId=-1", "limit=0", "limit=101", "cursor=nope", "sort=id"]) {
      expectError(await world.client.get(`/api/v1/admin/orders?${query}`, { token: adminToken }), 400, "validation_failed", "any");
    }
    expectError(await world.client.get("/api/v1/admin/orders", { token: customer.token }), 403, "forbidden");
    expectError(await world.client.get("/api/v1/admin/orders"), 401, "unauthenticated");
  });
});

describe("the loyalty discount counts only paid, shipped and delivered orders", () => {
  const quote = (token: string) => world.client.post("/api/v1/shipping/quote", { weightKg: 2.1, destination: "DE" }, { token });

  it("ignores placed and cancelled orders, counts paid, shipped and delivered ones, from the 52nd order on", async () => {
    const customer = await signedIn(world.client);
    const orders = await placeOrders(world.client, customer.token, 53, { weightKg: 2.1, destination: "DE" });
    // 53 placed orders: no discount at all.
    expect((await quote(customer.token)).body.quote).toMatchObject({ discountCents: 0, totalCents: 630 });
    expect((await quote(customer.token)).body.quote).not.toHaveProperty("discountReason");

    const ids = orders.map((o) => o.id as number);
    await setOrderStatus(world.client, adminToken, ids.slice(0, 50), "paid");
    await setOrderStatus(world.client, adminToken, [ids[50]!, ids[51]!], "cancelled");
    // 50 paid, 2 cancelled, 1 placed: still not more than 50.
    expect((await quote(customer.token)).body.quote).toMatchObject({ discountCents: 0, totalCents: 630 });

    await setOrderStatus(world.client, adminToken, [ids[52]!], "paid");
    // 51 paid: the discount applies, to quotes and to the next order.
    expect((await quote(customer.token)).body.quote).toMatchObject({ discountCents: 63, totalCents: 567, discountReason: LOYALTY });
    const next = await world.client.post("/api/v1/orders", { weightKg: 2.1, destination: "DE" }, { token: customer.token });
    expect(next.body.order).toMatchObject({ discountCents: 63, totalCents: 567, discountReason: LOYALTY, status: "placed" });

    // Shipped and delivered still count; cancelling a paid one takes it out again.
    await setOrderStatus(world.client, adminToken, ids.slice(0, 10), "shipped", "T-1");
    await setOrderStatus(world.client, adminToken, ids.slice(0, 5), "delivered");
    expect((await quote(customer.token)).body.quote.discountCents).toBe(63);
    await setOrderStatus(world.client, adminToken, [ids[20]!], "cancelled");
    expect((await quote(customer.token)).body.quote.discountCents).toBe(0);
    // An order keeps the price it was placed at, whatever happens to the count later.
    expect((await world.client.get(`/api/v1/orders/${next.body.order.id}`, { token: customer.token })).body).toEqual({
      order: { ...next.body.order },
    });
  });

  it("gives exactly one of 5 simultaneous orders at 50 paid orders full price, the earliest, for each of 3 customers at once", async () => {
    const customers = await Promise.all([0, 1, 2].map(() => signedIn(world.client)));
    await Promise.all(
      customers.map(async (customer) => {
        const orders = await placeOrders(world.client, customer.token, 50, { weightKg: 2.1, destination: "DE" });
        await setOrderStatus(world.client, adminToken, orders.map((o) => o.id), "paid");
      }),
    );
    const bursts = await Promise.all(
      customers.map((customer) =>
        Promise.all(Array.from({ length: 5 }, () => world.client.post("/api/v1/orders", { weightKg: 2.1, destination: "DE" }, { token: customer.token }))),
      ),
    );
    for (const burst of bursts) {
      expect(burst.map((r) => r.status)).toEqual(Array(5).fill(201));
      // With 50 paid orders nobody qualifies; the burst's orders are placed, not paid, so none of
      // them counts either: all five are full price.
      expect(burst.map((r) => r.body.order.totalCents)).toEqual(Array(5).fill(630));
    }

    // Now at the threshold with paid orders arriving concurrently with new orders: the 51st paid
    // order is marked while 5 orders are placed at once. Each new order is priced either before or
    // after the payment, never in between: full-price orders all come before the discounted ones.
    const [customer] = customers;
    const burstIds = bursts[0]!.map((r) => r.body.order.id as number).sort((a, b) => a - b);
    const [payment, ...more] = await Promise.all([
      setStatus(burstIds[0]!, "paid"),
      ...Array.from({ length: 5 }, () => world.client.post("/api/v1/orders", { weightKg: 2.1, destination: "DE" }, { token: customer!.token })),
    ]);
    expect(payment!.status).toBe(200);
    const created = more.map((r) => r.body.order).sort((a, b) => a.id - b.id);
    const discounted = created.map((o) => o.discountCents > 0);
    expect(discounted).toEqual([...discounted].sort());
    expect(created.every((o) => [630, 567].includes(o.totalCents))).toBe(true);
    expect((await quote(customer!.token)).body.quote.discountCents).toBe(63);
  });
});

// Last in the file: it publishes rate versions, which the tests above assume are not there yet.
describe("the loyalty discount is not earned with orders that cost nothing (issue 10, defect 6)", () => {
  it("51 paid orders of 0 cents under a table without a minimum charge earn no discount", async () => {
    const current = await world.client.get("/api/v1/shipping/rates");
    const { version: _version, createdAt: _createdAt, ...table } = current.body.rates;
    const publish = (body: unknown) => world.client.post("/api/v1/admin/shipping/rates", body, { token: adminToken });
    const free = { ...table, zones: table.zones.map((zone: Record<string, unknown>) => ({ ...zone, minimumChargeCents: 0 })) };
    expect((await publish(free)).status).toBe(201);
    try {
      const { token } = await signedIn(world.client);
      // 0.001 kg to Germany is 0.3 cents, which rounds to 0: a free order.
      const orders = await placeOrders(world.client, token, 51, { weightKg: 0.001, destination: "DE" });
      expect(orders.every((order) => order.totalCents === 0)).toBe(true);
      await setOrderStatus(world.client, adminToken, orders.map((order) => order.id), "paid");

      const quote = await world.client.post("/api/v1/shipping/quote", { weightKg: 10, destination: "DE" }, { token });
      expect(quote.status).toBe(200);
      expect(quote.body.quote).toMatchObject({ subtotalCents: 3000, discountCents: 0, totalCents: 3000 });
      expect(quote.body.quote.discountReason).toBeUndefined();
    } finally {
      expect((await publish(table)).status).toBe(201);
    }
  });
});
