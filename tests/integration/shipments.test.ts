/**
 * Parcels and addressed orders over HTTP (OpenAPI document, "Addresses, parcels and chargeable
 * weight"): quotes with dimensions (volumetric and chargeable weight, priced to the gram), orders
 * with recipient, sender (given, by address-book id, or the default) and contents (required across
 * zones), the order's own copy of the addresses, PATCH while placed, and old clients' orders.
 */
import { describe, expect, inject, it } from "vitest";
import { expectError, isoTimestamp, signedIn } from "../support/domain";
import { api } from "../support/http";

const client = api(inject("baseUrl"));

const recipient = { name: "Erika Mustermann", line1: "Heidestraße 17", city: "Köln", postalCode: "51147", country: "DE", email: "Erika@Example.de" };
const sender = { name: "Ada Lovelace", company: "Analytical Parcels", line1: "1 Market St", city: "San Francisco", region: "CA", postalCode: "94105", country: "US" };
const contents = { description: "2 cotton T-shirts", valueCents: 2500, currency: "usd" };

describe("POST /api/v1/shipping/quote with a parcel", () => {
  it("prices the chargeable weight: max(actual, l x w x h / 5000), to the gram", async () => {
    // 40 x 30 x 20 cm = 24,000 cm3 / 5000 = 4.8 kg > 2.1 kg actual: 4.8 kg x 300 = 1440 cents.
    const bulky = await client.post("/api/v1/shipping/quote", { parcel: { weightKg: 2.1, lengthCm: 40, widthCm: 30, heightCm: 20 }, destination: "DE" });
    expect(bulky.status).toBe(200);
    expect(bulky.body.quote).toMatchObject({ weightKg: 2.1, volumetricWeightKg: 4.8, chargeableWeightKg: 4.8, subtotalCents: 1440, totalCents: 1440 });
    // 10.1 x 10.1 x 10.1 = 1030.301 cm3 / 5000 = 0.2060602 kg: rounded up to 0.207 kg.
    const odd = await client.post("/api/v1/shipping/quote", { parcel: { weightKg: 0.1, lengthCm: 10.1, widthCm: 10.1, heightCm: 10.1 }, destination: "US" });
    expect(odd.body.quote).toMatchObject({ volumetricWeightKg: 0.207, chargeableWeightKg: 0.207, subtotalCents: 100 });
    // Heavy and small: the actual weight is charged.
    const dense = await client.post("/api/v1/shipping/quote", { parcel: { weightKg: 5, lengthCm: 10, widthCm: 10, heightCm: 10 }, destination: "JP" });
    expect(dense.body.quote).toMatchObject({ volumetricWeightKg: 0.2, chargeableWeightKg: 5, subtotalCents: 2000 });
    // No dimensions: no volumetric weight.
    const plain = await client.post("/api/v1/shipping/quote", { parcel: { weightKg: 2.1 }, destination: "DE" });
    expect(plain.body.quote).toMatchObject({ volumetricWeightKg: null, chargeableWeightKg: 2.1, subtotalCents: 630 });
    // The first clients' shape answers the same quote.
    expect((await client.post("/api/v1/shipping/quote", { weightKg: 2.1, destination: "DE" })).body).toEqual(plain.body);
  });

  it("refuses dimensions the contract does not allow, naming the field", async () => {
    const quote = (parcel: unknown, extra: object = {}) => client.post("/api/v1/shipping/quote", { parcel, destination: "DE", ...extra });
    expectError(await quote({ weightKg: 1, lengthCm: 10, widthCm: 10 }), 400, "validation_failed", ["parcel.heightCm"]);
    expectError(await quote({ weightKg: 1, lengthCm: 10.25, widthCm: 10, heightCm: 10 }), 400, "validation_failed", ["parcel.lengthCm"]);
    expectError(await quote({ weightKg: 1, lengthCm: 300.1, widthCm: 10, heightCm: 10 }), 400, "validation_failed", ["parcel.lengthCm"]);
    expectError(await quote({ weightKg: 1, lengthCm: 0, widthCm: 10, heightCm: 10 }), 400, "validation_failed", ["parcel.lengthCm"]);
    expectError(await quote({ weightKg: 1, lengthCm: "10", widthCm: 10, heightCm: 10 }), 400, "validation_failed", ["parcel.lengthCm"]);
    expectError(await quote({ weightKg: 1, depthCm: 10 }), 400, "validation_failed", ["parcel.depthCm"]);
    expectError(await quote({ weightKg: 1 }, { weightKg: 1 }), 400, "validation_failed", ["weightKg"]);
    expectError(await quote([1, 2, 3]), 400, "validation_failed", ["parcel"]);
    // 300 x 300 x 300 cm is 5400 kg by volume: over the 1000 kg limit.
    expectError(await quote({ weightKg: 1, lengthCm: 300, widthCm: 300, heightCm: 300 }), 400, "validation_failed", ["parcel"]);
  });
});

describe("POST /api/v1/orders with recipient, sender and contents", () => {
  it("places an addressed order, priced by chargeable weight, with its own copy of the addresses", async () => {
    const { token } = await signedIn(client);
    const placed = await client.post(
      "/api/v1/orders",
      { parcel: { weightKg: 2.1, lengthCm: 40, widthCm: 30, heightCm: 20 }, recipient, sender, contents },
      { token },
    );
    expect(placed.status).toBe(201);
    expect(placed.body.order).toMatchObject({
      destination: "DE",
      weightKg: 2.1,
      region: "EU",
      subtotalCents: 1440,
      totalCents: 1440,
      parcel: { weightKg: 2.1, lengthCm: 40, widthCm: 30, heightCm: 20 },
      recipient: { ...recipient, email: "erika@example.de" },
      sender,
      contents: { ...contents, currency: "USD" },
      chargeableWeightKg: 4.8,
      status: "placed",
      createdAt: isoTimestamp,
    });
    const read = await client.get(`/api/v1/orders/${placed.body.order.id}`, { token });
    expect(read.body).toEqual(placed.body);
    const list = await client.get("/api/v1/orders", { token });
    expect(list.body.items).toEqual([placed.body.order]);
  });

  it("uses the default sender, or one named by addressId, and keeps its copy when the book changes", async () => {
    const { token } = await signedIn(client);
    const other = await signedIn(client);
    const saved = await client.post("/api/v1/profile/addresses", { isDefaultSender: true, address: sender }, { token });
    const domestic = { ...recipient, country: "US", postalCode: "10001", city: "New York", line1: "350 5th Ave" };

    const byDefault = await client.post("/api/v1/orders", { parcel: { weightKg: 1 }, recipient: domestic }, { token });
    expect(byDefault.status).toBe(201);
    // US to US: one zone, no customs declaration needed.
    expect(byDefault.body.order).toMatchObject({ destination: "US", sender, contents: null, chargeableWeightKg: 1, parcel: { weightKg: 1 } });

    const byId = await client.post("/api/v1/orders", { parcel: { weightKg: 1 }, recipient: domestic, sender: { addressId: saved.body.item.id } }, { token });
    expect(byId.body.order.sender).toEqual(sender);
    // Another user's address book entry is not the caller's to use.
    expectError(
      await client.post("/api/v1/orders", { parcel: { weightKg: 1 }, recipient: domestic, sender: { addressId: saved.body.item.id } }, { token: other.token }),
      400,
      "validation_failed",
      ["sender.addressId"],
    );

    await client.patch(`/api/v1/profile/addresses/${saved.body.item.id}`, { address: { ...sender, name: "Someone Else" } }, { token });
    await client.delete(`/api/v1/profile/addresses/${saved.body.item.id}`, undefined, { token });
    expect((await client.get(`/api/v1/orders/${byDefault.body.order.id}`, { token })).body.order.sender).toEqual(sender);
  });

  it("requires contents when the parcel leaves the sender's zone, and checks recipient and destination agree", async () => {
    const { token } = await signedIn(client);
    expectError(await client.post("/api/v1/orders", { parcel: { weightKg: 1 }, recipient, sender }, { token }), 400, "validation_failed", ["contents"]);
    // Within the EU zone no declaration is needed.
    const withinEu = await client.post("/api/v1/orders", { parcel: { weightKg: 1 }, recipient, sender: { ...recipient, name: "Max", country: "AT", postalCode: "1010", city: "Wien" } }, { token });
    expect(withinEu.status).toBe(201);
    expectError(await client.post("/api/v1/orders", { parcel: { weightKg: 1 }, recipient, destination: "FR" }, { token }), 400, "validation_failed", ["destination"]);
    expectError(
      await client.post("/api/v1/orders", { parcel: { weightKg: 1 }, recipient, sender, contents: { ...contents, currency: "XYZ" } }, { token }),
      400,
      "validation_failed",
      ["contents.currency"],
    );
    expectError(
      await client.post("/api/v1/orders", { parcel: { weightKg: 1 }, recipient, sender, contents: { ...contents, valueCents: 1.5 } }, { token }),
      400,
      "validation_failed",
      ["contents.valueCents"],
    );
    expectError(await client.post("/api/v1/orders", { parcel: { weightKg: 1 }, recipient: { ...recipient, name: "\u202E" }, sender }, { token }), 400, "validation_failed", "any");
    expectError(await client.post("/api/v1/orders", { parcel: { weightKg: 1 }, recipient, totalCents: 1 }, { token }), 400, "validation_failed", ["totalCents"]);
    // The sender is a typed address or { addressId }: the error names the field of the shape sent (issue 26).
    const { name: _name, ...namelessSender } = sender;
    expectError(await client.post("/api/v1/orders", { parcel: { weightKg: 1 }, recipient, sender: namelessSender, contents }, { token }), 400, "validation_failed", ["sender.name"]);
    expectError(await client.post("/api/v1/orders", { parcel: { weightKg: 1 }, recipient, sender: { addressId: "home" }, contents }, { token }), 400, "validation_failed", ["sender.addressId"]);
  });

  it("keeps old clients working: { weightKg, destination } places an order without parcel or addresses", async () => {
    const { token } = await signedIn(client);
    const old = await client.post("/api/v1/orders", { weightKg: 2.1, destination: "DE" }, { token });
    expect(old.status).toBe(201);
    expect(old.body.order).toMatchObject({ weightKg: 2.1, totalCents: 630, parcel: null, recipient: null, sender: null, contents: null, chargeableWeightKg: null });
    expectError(await client.post("/api/v1/orders", { destination: "DE" }, { token }), 400, "validation_failed", ["weightKg"]);
    expectError(await client.post("/api/v1/orders", { weightKg: 1 }, { token }), 400, "validation_failed", ["destination"]);
  });
});

describe("PATCH /api/v1/orders/{id}", () => {
  it("lets the owner add addresses and contents while the order is placed, and nobody else", async () => {
    const { token } = await signedIn(client);
    const other = await signedIn(client);
    const old = (await client.post("/api/v1/orders", { weightKg: 2.1, destination: "DE" }, { token })).body.order;
    const path = `/api/v1/orders/${old.id}`;

    expectError(await client.patch(path, { recipient }, { token: other.token }), 404, "not_found");
    expectError(await client.patch(path, { recipient: { ...recipient, country: "FR", postalCode: "75001" } }, { token }), 400, "validation_failed", [
      "recipient.country",
    ]);
    expectError(await client.patch(path, { sender }, { token }), 400, "validation_failed", ["contents"]);
    expectError(await client.patch(path, {}, { token }), 400, "validation_failed", "any");
    expectError(await client.patch(path, { weightKg: 1 }, { token }), 400, "validation_failed", ["weightKg", "_"]);

    const patched = await client.patch(path, { recipient, sender, contents }, { token });
    expect(patched.status).toBe(200);
    expect(patched.body.order).toMatchObject({ id: old.id, totalCents: old.totalCents, recipient: { name: recipient.name }, sender, contents: { currency: "USD" } });
    // Contents cannot be removed while customs needs them.
    expectError(await client.patch(path, { contents: null }, { token }), 400, "validation_failed", ["contents"]);

    expect((await client.post(`${path}/cancel`, undefined, { token })).status).toBe(200);
    expectError(await client.patch(path, { contents }, { token }), 409, "conflict");
  });

  it("keeps the order consistent when patches race", async () => {
    const { token } = await signedIn(client);
    const order = (await client.post("/api/v1/orders", { parcel: { weightKg: 1 }, recipient }, { token })).body.order;
    const names = ["A", "B", "C", "D", "E"];
    const responses = await Promise.all(names.map((name) => client.patch(`/api/v1/orders/${order.id}`, { recipient: { ...recipient, name } }, { token })));
    expect(responses.map((r) => r.status)).toEqual(Array(5).fill(200));
    const final = (await client.get(`/api/v1/orders/${order.id}`, { token })).body.order;
    expect(names).toContain(final.recipient.name);
  });
});
