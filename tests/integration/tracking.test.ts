/**
 * Labels and tracking over HTTP against the production server (API.md, "Labels and tracking"):
 * S10 numbers issued when an order becomes paid, labels as PDFs read back with pdf.js, public
 * tracking (privacy, 404s before the database, ETag/304, the per-IP limit), tracking events, and the
 * e-mails that carry the tracking link, through a real SMTP server on loopback.
 */
import { PDFDocument } from "pdf-lib";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { parseS10, s10CheckDigit } from "@/lib/tracking/s10";
import { TEST_CONTENTS, TEST_SENDER } from "../support/addressed-order";
import { withClient } from "../support/database";
import { expectError, signedIn, type SignedIn } from "../support/domain";
import { randomIp } from "../support/http";
import { mailEnv, type MailWorld, startMailWorld, TEST_APP_URL } from "../support/mail-world";
import { pdfText } from "../support/pdf-text";
import { type SmtpSink, startSmtpSink } from "../support/smtp-sink";

const engine = inject("engine");
const LOOKUPS_PER_IP = 8;
const LABELS_PER_USER = 3;

describe(`labels and tracking (${engine})`, () => {
  let sink: SmtpSink;
  let world: MailWorld;
  let adminToken: string;

  beforeAll(async () => {
    sink = await startSmtpSink();
    world = await startMailWorld(engine, {
      ...mailEnv(sink),
      TRACKING_ORIGIN_COUNTRY: "GB",
      RATE_LIMIT_TRACKING_LOOKUPS_PER_IP: String(LOOKUPS_PER_IP),
      RATE_LIMIT_LABELS_PER_USER: String(LABELS_PER_USER),
      TRACKING_CACHE_SECONDS: "30",
    });
    adminToken = (await world.adminTokens()).accessToken;
  });

  afterAll(async () => {
    await world?.close();
    await sink?.stop();
  });

  const setStatus = (id: number, status: string, extra: Record<string, unknown> = {}) =>
    world.client.post(`/api/v1/admin/orders/${id}/status`, { status, ...(status === "paid" ? { reason: "Cash (test)" } : {}), ...extra }, { token: adminToken });
  const addEvent = (id: number, body: unknown, token = adminToken) => world.client.post(`/api/v1/admin/orders/${id}/tracking-events`, body, { token });
  const track = (number: string, options: { ip?: string; headers?: Record<string, string> } = {}) =>
    world.client.get(`/api/v1/track/${number}`, { ip: options.ip ?? randomIp(), headers: options.headers });

  async function placed(customer: SignedIn, body: Record<string, unknown> = { weightKg: 2.1, destination: "DE" }) {
    const response = await world.client.post("/api/v1/orders", body, { token: customer.token });
    expect(response.status).toBe(201);
    return response.body.order as { id: number; trackingNumber?: string };
  }

  async function paid(customer: SignedIn) {
    const order = await placed(customer);
    const response = await setStatus(order.id, "paid");
    expect(response.status).toBe(200);
    return response.body.order as { id: number; trackingNumber: string; publicTrackingNumber: string };
  }

  describe("tracking numbers", () => {
    it("are issued when an order becomes paid: S10 with a right check digit and the origin country, unique, kept on repeats", async () => {
      const customer = await signedIn(world.client);
      const order = await placed(customer);
      expect(order).not.toHaveProperty("trackingNumber");

      const first = (await setStatus(order.id, "paid")).body.order;
      expect(first.trackingNumber).toMatch(/^KE[0-9]{9}GB$/);
      expect(first.publicTrackingNumber).toBe(first.trackingNumber);
      const parts = parseS10(first.trackingNumber)!;
      expect(parts).not.toBeNull();
      expect(Number(first.trackingNumber[10])).toBe(s10CheckDigit(parts.serial));
      // The owner sees the same number.
      expect((await world.client.get(`/api/v1/orders/${order.id}`, { token: customer.token })).body.order.trackingNumber).toBe(first.trackingNumber);
      // Paid again is a no-op: the number stays.
      expect((await setStatus(order.id, "paid")).body.order.trackingNumber).toBe(first.trackingNumber);

      // Many orders paid at once get different numbers.
      const orders = await Promise.all(Array.from({ length: 8 }, () => placed(customer)));
      const numbers = (await Promise.all(orders.map((o) => setStatus(o.id, "paid")))).map((r) => {
        expect(r.status).toBe(200);
        return r.body.order.trackingNumber as string;
      });
      expect(new Set([...numbers, first.trackingNumber]).size).toBe(9);
      for (const number of numbers) expect(parseS10(number)).not.toBeNull();
    });

    it("a carrier's number given at shipping shows as trackingNumber; Keel's stays publicTrackingNumber; without one Keel's is used", async () => {
      const customer = await signedIn(world.client);
      const a = await paid(customer);
      const shipped = (await setStatus(a.id, "shipped", { trackingNumber: "1Z999AA10123456784" })).body.order;
      expect(shipped).toMatchObject({ status: "shipped", trackingNumber: "1Z999AA10123456784", publicTrackingNumber: a.trackingNumber });
      const b = await paid(customer);
      const plain = (await setStatus(b.id, "shipped")).body.order;
      expect(plain).toMatchObject({ status: "shipped", trackingNumber: b.trackingNumber, publicTrackingNumber: b.trackingNumber });
    });
  });

  describe("labels", () => {
    it("are 4 x 6 in PDFs that carry the order, weight, zone and the tracking number, once paid", async () => {
      const customer = await signedIn(world.client);
      const order = await placed(customer, { weightKg: 1.25, destination: "JP" });
      const before = await world.client.get(`/api/v1/orders/${order.id}/label`, { token: customer.token });
      expectError(before, 409, "conflict");

      const number = (await setStatus(order.id, "paid")).body.order.trackingNumber as string;
      const response = await fetch(`${world.server.url}/api/v1/orders/${order.id}/label`, {
        headers: { authorization: `Bearer ${customer.token}`, "x-forwarded-for": randomIp() },
      });
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe("application/pdf");
      expect(response.headers.get("content-disposition")).toBe(`attachment; filename="keel-label-${order.id}.pdf"`);
      expect(response.headers.get("cache-control")).toBe("private, no-store");
      const bytes = new Uint8Array(await response.arrayBuffer());
      const doc = await PDFDocument.load(bytes);
      expect(doc.getPageCount()).toBe(1);
      expect(doc.getPage(0).getSize()).toEqual({ width: 288, height: 432 });
      const text = await pdfText(bytes);
      const spaced = `${number.slice(0, 2)} ${number.slice(2, 6)} ${number.slice(6, 10)} ${number.slice(10, 11)} ${number.slice(11)}`;
      for (const expected of [`Order #${order.id}`, "1.250 kg", "INTL", spaced, "Destination: JP"]) expect(text).toContain(expected);
    });

    it("are another user's 404, need a sign-in, and refuse hostile ids and cancelled orders", async () => {
      const owner = await signedIn(world.client);
      const stranger = await signedIn(world.client);
      const order = await paid(owner);
      expectError(await world.client.get(`/api/v1/orders/${order.id}/label`, { token: stranger.token }), 404, "not_found");
      // Administrators follow GET /orders/{id}: another user's order is a 404 for them too.
      expectError(await world.client.get(`/api/v1/orders/${order.id}`, { token: adminToken }), 404, "not_found");
      expectError(await world.client.get(`/api/v1/orders/${order.id}/label`, { token: adminToken }), 404, "not_found");
      expect((await world.client.get(`/api/v1/orders/${order.id}/label`)).status).toBe(401);
      for (const id of ["abc", "0", "-1", "1e3", "99999999999", "%00", "1%2F2"]) {
        expectError(await world.client.get(`/api/v1/orders/${id}/label`, { token: owner.token }), 404, "not_found");
      }
      expect((await setStatus(order.id, "cancelled")).status).toBe(200);
      expectError(await world.client.get(`/api/v1/orders/${order.id}/label`, { token: owner.token }), 409, "conflict");
      expect((await world.client.post(`/api/v1/orders/${order.id}/label`, {}, { token: owner.token })).status).toBe(405);
    });
  });

  describe("labels of addressed orders", () => {
    const cairo = { name: "Ahmed محمد 12", line1: "12 Tahrir Square", line2: "محمد (علي) 7", city: "Cairo", postalCode: "11511", country: "EG", email: "ahmed@example.eg" };

    async function label(customer: SignedIn, orderId: number): Promise<Uint8Array> {
      const response = await fetch(`${world.server.url}/api/v1/orders/${orderId}/label`, {
        headers: { authorization: `Bearer ${customer.token}`, "x-forwarded-for": randomIp() },
      });
      expect(response.status).toBe(200);
      return new Uint8Array(await response.arrayBuffer());
    }

    it("render in a worker thread, several at once, each PDF carrying its own order and number", async () => {
      const customers = await Promise.all([1, 2, 3].map(() => signedIn(world.client)));
      const orders = await Promise.all(customers.flatMap((customer) => [1, 2].map(async () => ({ customer, order: await paid(customer) }))));
      // Six at once: more than the pool's workers, so most wait in its queue.
      const texts = await Promise.all(orders.map(({ customer, order }) => label(customer, order.id).then(pdfText)));
      orders.forEach(({ order }, index) => {
        const number = order.trackingNumber;
        const spaced = `${number.slice(0, 2)} ${number.slice(2, 6)} ${number.slice(6, 10)} ${number.slice(10, 11)} ${number.slice(11)}`;
        expect(texts[index]).toContain(`Order #${order.id}`);
        expect(texts[index]).toContain(spaced);
      });
      // The pool renders on the main thread, and logs this warning, only when a worker cannot start
      // or dies (a worker bundle that fails to load, say).
      expect(await world.server.flushedOutput()).not.toContain("worker unavailable");
    });

    it("print a recipient whose lines mix Arabic, Latin and digits: the PDF parses and carries each text", async () => {
      const customer = await signedIn(world.client);
      const order = await placed(customer, { parcel: { weightKg: 0.5 }, recipient: cairo, sender: TEST_SENDER, contents: TEST_CONTENTS });
      expect((await setStatus(order.id, "paid")).status).toBe(200);
      const bytes = await label(customer, order.id);
      const doc = await PDFDocument.load(bytes);
      expect(doc.getPageCount()).toBe(1);
      // pdf.js reads a line's glyphs from left to right and puts right-to-left stretches back in typed
      // order: the name comes back as typed only when it was drawn in visual order ("Ahmed 12 محمد"
      // on paper; drawn in typed order it would read back as "Ahmed محمد 21"). (It does not turn
      // mirrored brackets back, and it splits some shaped Arabic letters: the texts checked avoid both.)
      const text = await pdfText(bytes);
      for (const expected of ["Ahmed محمد 12", "12 Tahrir Square", "علي", "Cairo", "11511", "Egypt", "Ada Lovelace", `Order #${order.id}`]) expect(text).toContain(expected);
    });

    it("refuse hostile recipient and sender names with a 400 naming the field (POST and PATCH), and print what is accepted", async () => {
      const customer = await signedIn(world.client);
      const order = (field: "recipient" | "sender", name: unknown) =>
        world.client.post("/api/v1/orders", { parcel: { weightKg: 0.5 }, recipient: cairo, sender: TEST_SENDER, contents: TEST_CONTENTS, [field]: { ...(field === "recipient" ? cairo : TEST_SENDER), name } }, { token: customer.token });
      const old = await placed(customer, { weightKg: 0.5, destination: "EG" });
      const patch = (name: unknown) => world.client.patch(`/api/v1/orders/${old.id}`, { recipient: { ...cairo, name } }, { token: customer.token });
      const hostile = [
        "Ahmed\u202Eevil",
        "\u202Dأحمد",
        "a\u2067b\u2069",
        "Erika\u0000",
        "Erika\u0007",
        "Erika\r\nBcc: x@example.com",
        "x".repeat(10_240),
        "أ".repeat(10_240),
        "Parcel 📦",
        "👨‍👩‍👧",
        "\uD800",
        "",
        "   ",
        42,
        null,
        ["Erika"],
      ];
      for (const name of hostile) {
        const label = JSON.stringify(name)?.slice(0, 30);
        for (const field of ["recipient", "sender"] as const) {
          const response = await order(field, name);
          expect({ label, field, status: response.status }).toEqual({ label, field, status: 400 });
          // Both names are named exactly: the sender is an address or { addressId } (a union), and its
          // errors name the field of the shape that was sent (lib/http/errors.ts, issue 26).
          expect(Object.keys(response.body.error.fields), label).toContain(`${field}.name`);
        }
        const patched = await patch(name);
        expect({ label, status: patched.status }).toEqual({ label, status: 400 });
        expect(Object.keys(patched.body.error.fields), label).toContain("recipient.name");
      }
      // What is accepted prints: a 100-character name, joiners Persian needs, combining accents.
      const accepted = (await placed(customer, {
        parcel: { weightKg: 0.5 },
        recipient: { ...cairo, name: "W".repeat(100), line2: "می\u200Cخواهم Ame\u0301lie" },
        sender: TEST_SENDER,
        contents: TEST_CONTENTS,
      })) as { id: number; recipient?: { name: string } };
      expect(accepted.recipient?.name).toBe("W".repeat(100));
      expect((await setStatus(accepted.id, "paid")).status).toBe(200);
      const text = await pdfText(await label(customer, accepted.id));
      expect(text).toContain("WWWW");
      expect(text).toContain("…");
      expect(text).toContain("Ame");
    });
  });

  describe("label rate limit", () => {
    it(`renders ${LABELS_PER_USER} labels per user in 15 minutes, then 429 with Retry-After; 409s do not count, other users are not affected`, async () => {
      const customer = await signedIn(world.client);
      const unpaid = await placed(customer);
      // A label that is not rendered (409 before payment) costs nothing.
      for (let i = 0; i < LABELS_PER_USER + 1; i++) expectError(await world.client.get(`/api/v1/orders/${unpaid.id}/label`, { token: customer.token }), 409, "conflict");
      const order = await paid(customer);
      const other = await paid(customer);
      // From different addresses: the count is the user's, not the client's IP.
      for (let i = 0; i < LABELS_PER_USER; i++) {
        const label = await world.client.get(`/api/v1/orders/${i % 2 ? other.id : order.id}/label`, { token: customer.token, ip: randomIp() });
        expect(label.status).toBe(200);
      }
      const refused = await world.client.get(`/api/v1/orders/${other.id}/label`, { token: customer.token, ip: randomIp() });
      expectError(refused, 429, "rate_limited");
      const retryAfter = Number(refused.headers.get("retry-after"));
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(15 * 60);
      // Another customer still gets theirs.
      const neighbour = await signedIn(world.client);
      const theirs = await paid(neighbour);
      expect((await world.client.get(`/api/v1/orders/${theirs.id}/label`, { token: neighbour.token })).status).toBe(200);
    });
  });

  describe("public tracking", () => {
    it("shows status, destination country and the timeline to anyone, and nothing personal", async () => {
      const customer = await signedIn(world.client);
      const order = await paid(customer);
      const response = await track(order.trackingNumber);
      expect(response.status).toBe(200);
      expect(Object.keys(response.body)).toEqual(["tracking"]);
      expect(response.body.tracking).toEqual({
        trackingNumber: order.trackingNumber,
        status: "paid",
        destinationCountry: "DE",
        events: [
          { status: "placed", at: expect.any(String) },
          { status: "paid", at: expect.any(String) },
        ],
      });
      // The exact shape above leaves no room for a price, an order id or an address; nor anywhere else:
      const raw = JSON.stringify(response.body);
      for (const personal of [customer.user.username, customer.user.email, "Cents", "userId"]) expect(raw).not.toContain(personal);
      // Lower case and the label's spacing are the same parcel on the API (spaces: only on the form).
      expect((await track(order.trackingNumber.toLowerCase())).body.tracking.trackingNumber).toBe(order.trackingNumber);
    });

    it("is 404 for a wrong check digit (without counting), an unknown number and anything that is not a number", async () => {
      const customer = await signedIn(world.client);
      const order = await paid(customer);
      const ip = randomIp();
      const digit = Number(order.trackingNumber[10]);
      const wrong = `${order.trackingNumber.slice(0, 10)}${(digit + 1) % 10}${order.trackingNumber.slice(11)}`;
      // Far more than the limit: wrong check digits are refused before the database and the counter.
      for (let i = 0; i < LOOKUPS_PER_IP + 3; i++) expectError(await track(wrong, { ip }), 404, "not_found");
      expect((await track(order.trackingNumber, { ip })).status).toBe(200);

      const parts = parseS10(order.trackingNumber)!;
      const unknownSerial = (parts.serial + 50_000_000) % 100_000_000;
      const unknown = `KE${String(unknownSerial).padStart(8, "0")}${s10CheckDigit(unknownSerial)}GB`;
      const missing = await track(unknown);
      expectError(missing, 404, "not_found");
      expect(missing.headers.get("cache-control")).toBe("no-store");
      for (const junk of ["x", "%00", "KE123456785", "KE123456785US1", "%E2%80%AEKE123456785US", "KE123456785ZZ", "A".repeat(5000), "KE123456785US%2F.."]) {
        expect((await track(junk)).status).toBe(404);
      }
      expect((await world.client.post(`/api/v1/track/${order.trackingNumber}`, {})).status).toBe(405);
    });

    it("is cacheable for a short time, with an ETag that answers 304 until something changes", async () => {
      const customer = await signedIn(world.client);
      const order = await paid(customer);
      const first = await track(order.trackingNumber);
      expect(first.headers.get("cache-control")).toBe("public, max-age=30");
      const etag = first.headers.get("etag")!;
      expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
      const again = await track(order.trackingNumber, { headers: { "if-none-match": etag } });
      expect(again.status).toBe(304);
      expect(again.body).toBeNull();
      expect(again.headers.get("etag")).toBe(etag);
      expect((await track(order.trackingNumber, { headers: { "if-none-match": `"other", W/${etag}` } })).status).toBe(304);
      expect((await track(order.trackingNumber, { headers: { "if-none-match": '"stale"' } })).status).toBe(200);

      expect((await addEvent(order.id, { status: "in_transit", location: "Leipzig hub" })).status).toBe(201);
      const changed = await track(order.trackingNumber, { headers: { "if-none-match": etag } });
      expect(changed.status).toBe(200);
      expect(changed.headers.get("etag")).not.toBe(etag);
      expect(changed.body.tracking.status).toBe("in_transit");
    });

    it("is limited per client IP, found or not", async () => {
      const customer = await signedIn(world.client);
      const order = await paid(customer);
      const ip = randomIp();
      const parts = parseS10(order.trackingNumber)!;
      const unknownSerial = (parts.serial + 40_000_000) % 100_000_000;
      const unknown = `KE${String(unknownSerial).padStart(8, "0")}${s10CheckDigit(unknownSerial)}GB`;
      for (let i = 0; i < LOOKUPS_PER_IP; i++) expect((await track(i % 2 ? unknown : order.trackingNumber, { ip })).status).toBe(i % 2 ? 404 : 200);
      const refused = await track(order.trackingNumber, { ip });
      expectError(refused, 429, "rate_limited");
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
      // Another address is not held back.
      expect((await track(order.trackingNumber)).status).toBe(200);
      // The web page shares the budget.
      const page = await fetch(`${world.server.url}/track/${order.trackingNumber}`, { headers: { "x-forwarded-for": ip } });
      expect(await page.text(), world.server.output().slice(-4000)).toContain("Too many lookups from your network");
    });

    // The count is one statement (lib/rate-limit/limiter.ts) that also starts a spent window again.
    // The window is 15 minutes, so it is ended in the database (a second client: Postgres only).
    it.runIf(engine === "postgres")("starts counting again once the window has passed", async () => {
      const customer = await signedIn(world.client);
      const order = await paid(customer);
      const ip = randomIp();
      for (let i = 0; i < LOOKUPS_PER_IP; i++) expect((await track(order.trackingNumber, { ip })).status).toBe(200);
      expectError(await track(order.trackingNumber, { ip }), 429, "rate_limited");
      const ended = await withClient(world.databaseUrl!, (client) =>
        client.query("UPDATE rate_limits SET expire = now() - interval '1 second' WHERE key LIKE 'tracking-ip:%' AND expire > now()"),
      );
      expect(ended.rowCount).toBeGreaterThan(0);
      for (let i = 0; i < LOOKUPS_PER_IP; i++) expect((await track(order.trackingNumber, { ip })).status).toBe(200);
      expectError(await track(order.trackingNumber, { ip }), 429, "rate_limited");
    });
  });

  describe("tracking events", () => {
    it("administrators add them while paid or shipped; the public timeline shows status and location, never the note", async () => {
      const customer = await signedIn(world.client);
      const order = await paid(customer);
      const added = await addEvent(order.id, { status: "in_transit", location: "Leipzig hub", note: "Left the depot late." });
      expect(added.status).toBe(201);
      expect(added.body.order.trackingEvents).toEqual([{ status: "in_transit", at: expect.any(String), location: "Leipzig hub", note: "Left the depot late." }]);
      expect(added.body.order.events.map((e: { status: string }) => e.status)).toEqual(["placed", "paid"]);

      expect((await setStatus(order.id, "shipped")).status).toBe(200);
      expect((await addEvent(order.id, { status: "out_for_delivery", location: "Berlin" })).status).toBe(201);
      expect((await addEvent(order.id, { status: "delivery_failed" })).status).toBe(201);
      const mine = (await world.client.get(`/api/v1/orders/${order.id}`, { token: customer.token })).body.order;
      expect(mine.trackingEvents.map((e: { status: string }) => e.status)).toEqual(["in_transit", "out_for_delivery", "delivery_failed"]);
      expect(mine.trackingEvents[0].note).toBe("Left the depot late.");

      const publicView = (await track(order.trackingNumber)).body.tracking;
      expect(publicView.status).toBe("delivery_failed");
      expect(publicView.events.map((e: { status: string }) => e.status)).toEqual(["placed", "paid", "in_transit", "shipped", "out_for_delivery", "delivery_failed"]);
      expect(publicView.events[2]).toEqual({ status: "in_transit", at: expect.any(String), location: "Leipzig hub" });
      expect(JSON.stringify(publicView)).not.toContain("Left the depot late.");

      expect((await setStatus(order.id, "delivered")).status).toBe(200);
      expect((await track(order.trackingNumber)).body.tracking.status).toBe("delivered");
      expectError(await addEvent(order.id, { status: "in_transit" }), 409, "conflict");
    });

    it("refuses placed and cancelled orders (409), bad input (400), customers (403) and unknown orders (404)", async () => {
      const customer = await signedIn(world.client);
      const order = await placed(customer);
      expectError(await addEvent(order.id, { status: "in_transit" }), 409, "conflict");
      expect((await setStatus(order.id, "cancelled")).status).toBe(200);
      expectError(await addEvent(order.id, { status: "in_transit" }), 409, "conflict");

      const other = await paid(customer);
      expectError(await addEvent(other.id, { status: "delivered" }), 400, "validation_failed", ["status"]);
      expectError(await addEvent(other.id, {}), 400, "validation_failed", ["status"]);
      expectError(await addEvent(other.id, { status: "in_transit", location: "x".repeat(101) }), 400, "validation_failed", ["location"]);
      expectError(await addEvent(other.id, { status: "in_transit", location: "\u202Eevil" }), 400, "validation_failed", ["location"]);
      expectError(await addEvent(other.id, { status: "in_transit", location: "" }), 400, "validation_failed", ["location"]);
      expectError(await addEvent(other.id, { status: "in_transit", note: "n".repeat(501) }), 400, "validation_failed", ["note"]);
      expectError(await addEvent(other.id, { status: "in_transit", extra: 1 }), 400, "validation_failed", ["extra"]);
      expectError(await addEvent(other.id, { status: "in_transit", location: { nested: ["deep"] } }), 400, "validation_failed", ["location"]);
      expectError(await addEvent(other.id, { status: "in_transit" }, customer.token), 403, "forbidden");
      expectError(await addEvent(2_147_483_000, { status: "in_transit" }), 404, "not_found");
      expect((await world.client.get(`/api/v1/orders/${other.id}`, { token: customer.token })).body.order.trackingEvents).toEqual([]);

      // Racing events on one order are all recorded, once each.
      const responses = await Promise.all(Array.from({ length: 6 }, (_, i) => addEvent(other.id, { status: "in_transit", location: `Hub ${i}` })));
      for (const response of responses) expect(response.status).toBe(201);
      expect((await world.client.get(`/api/v1/orders/${other.id}`, { token: customer.token })).body.order.trackingEvents).toHaveLength(6);
    });
  });

  describe("e-mail", () => {
    it("the customer's shipped notice carries the public tracking link", async () => {
      const customer = await signedIn(world.client);
      const order = await paid(customer);
      expect((await setStatus(order.id, "shipped", { trackingNumber: "1Z-CARRIER-7" })).status).toBe(200);
      const [mail] = await sink.waitFor((m) => m.to.includes(customer.user.email) && m.subject === `Order #${order.id} has shipped`);
      for (const part of [mail!.text, mail!.html]) {
        expect(part).toContain("1Z-CARRIER-7");
        expect(part).toContain(`${TEST_APP_URL}/track/${order.trackingNumber}`);
      }
    });
  });
});
