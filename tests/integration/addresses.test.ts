/**
 * The address book over HTTP (OpenAPI document, "Addresses, parcels and chargeable weight"): saving,
 * listing, changing and deleting addresses, validation per country, hostile text as 400s that name
 * the field (never a 500), another user's address as 404, and exactly one default sender even when
 * requests race.
 */
import { describe, expect, inject, it } from "vitest";
import { expectError, isoTimestamp, signedIn } from "../support/domain";
import { api } from "../support/http";

const client = api(inject("baseUrl"));

const home = { name: "Erika Mustermann", line1: "Heidestraße 17", city: "Köln", postalCode: "51147", country: "de", phone: "0221 1234567" };

describe("/api/v1/profile/addresses", () => {
  it("saves, lists, changes and deletes addresses in their stored form", async () => {
    const { token } = await signedIn(client);
    expect((await client.get("/api/v1/profile/addresses", { token })).body).toEqual({ items: [] });

    const created = await client.post("/api/v1/profile/addresses", { label: "Home", address: home }, { token });
    expect(created.status).toBe(201);
    const item = {
      id: expect.any(Number),
      label: "Home",
      isDefaultSender: false,
      address: { name: "Erika Mustermann", line1: "Heidestraße 17", city: "Köln", postalCode: "51147", country: "DE", phone: "+492211234567" },
      createdAt: isoTimestamp,
    };
    expect(created.body).toEqual({ item });
    expect(created.headers.get("cache-control")).toBe("no-store");

    const id = created.body.item.id;
    const patched = await client.patch(`/api/v1/profile/addresses/${id}`, { label: null, address: { ...home, city: "Köln-Mülheim", phone: null } }, { token });
    expect(patched.status).toBe(200);
    expect(patched.body.item).not.toHaveProperty("label");
    expect(patched.body.item.address).toEqual({ name: "Erika Mustermann", line1: "Heidestraße 17", city: "Köln-Mülheim", postalCode: "51147", country: "DE" });

    expect((await client.get("/api/v1/profile/addresses", { token })).body).toEqual({ items: [patched.body.item] });
    const removed = await client.delete(`/api/v1/profile/addresses/${id}`, undefined, { token });
    expect(removed.status).toBe(204);
    expect((await client.get("/api/v1/profile/addresses", { token })).body).toEqual({ items: [] });
    expectError(await client.delete(`/api/v1/profile/addresses/${id}`, undefined, { token }), 404, "not_found");
  });

  it("checks postal codes and phone numbers for the country, naming the field", async () => {
    const { token } = await signedIn(client);
    const post = (address: object) => client.post("/api/v1/profile/addresses", { address }, { token });
    expectError(await post({ ...home, postalCode: "1234" }), 400, "validation_failed", ["address.postalCode"]);
    expectError(await post({ ...home, postalCode: undefined }), 400, "validation_failed", ["address.postalCode"]);
    expectError(await post({ ...home, country: "US", postalCode: "9410", phone: undefined }), 400, "validation_failed", ["address.postalCode"]);
    expectError(await post({ ...home, phone: "123" }), 400, "validation_failed", ["address.phone"]);
    expectError(await post({ ...home, country: "XX" }), 400, "validation_failed", ["address.country"]);
    expectError(await post({ ...home, email: "nope" }), 400, "validation_failed", ["address.email"]);
    // Hong Kong has no postal codes: none is needed.
    expect((await post({ ...home, country: "HK", postalCode: undefined, phone: undefined })).status).toBe(201);
    expect((await post({ ...home, country: "GB", postalCode: "sw1a 1aa", phone: undefined })).body.item.address.postalCode).toBe("SW1A 1AA");
  });

  it("answers hostile text with a 400 naming the field, and stores other scripts as sent", async () => {
    const { token } = await signedIn(client);
    const post = (address: object, extra: object = {}) => client.post("/api/v1/profile/addresses", { address, ...extra }, { token });
    const hostile: [string, unknown][] = [
      ["name", "x".repeat(10_240)],
      ["name", "Erika\u0000"],
      ["name", "evil\u202Egnp.exe"],
      ["city", "Köln\r\nX-Header: 1"],
      ["line1", "📦📦📦"],
      ["name", "\uD800"],
      ["name", { nested: { deeper: true } }],
      ["name", ["array"]],
      ["company", 42],
    ];
    for (const [field, value] of hostile) {
      const response = await post({ ...home, [field]: value });
      expectError(response, 400, "validation_failed", [`address.${field}`]);
    }
    expectError(await post(home, { label: "a\u2066b" }), 400, "validation_failed", ["label"]);
    expectError(await post(home, { isDefaultSender: "yes" }), 400, "validation_failed", ["isDefaultSender"]);
    expectError(await post(home, { userId: 1 }), 400, "validation_failed", ["userId"]);
    expectError(await client.post("/api/v1/profile/addresses", { address: null }, { token }), 400, "validation_failed", ["address"]);

    for (const [name, country, postalCode, city] of [
      ["山田 太郎", "JP", "100-0001", "千代田区"],
      ["محمد علي", "EG", "11511", "القاهرة"],
      ["Иван Петров", "RU", "101000", "Москва"],
    ]) {
      const response = await post({ name, line1: "1", city, postalCode, country });
      expect(response.status).toBe(201);
      expect(response.body.item.address).toMatchObject({ name, city });
    }
  });

  it("treats another user's address exactly like a missing one", async () => {
    const owner = await signedIn(client);
    const other = await signedIn(client);
    const { body } = await client.post("/api/v1/profile/addresses", { address: home }, { token: owner.token });
    const path = `/api/v1/profile/addresses/${body.item.id}`;
    expectError(await client.patch(path, { label: "Mine now" }, { token: other.token }), 404, "not_found");
    expectError(await client.delete(path, undefined, { token: other.token }), 404, "not_found");
    expectError(await client.patch("/api/v1/profile/addresses/2147483647", { label: "x" }, { token: other.token }), 404, "not_found");
    for (const bad of ["abc", "0", "-1", "1e3", "99999999999", "%00"]) {
      expectError(await client.patch(`/api/v1/profile/addresses/${bad}`, { label: "x" }, { token: other.token }), 404, "not_found");
    }
    expect((await client.get("/api/v1/profile/addresses", { token: other.token })).body).toEqual({ items: [] });
    expect((await client.get("/api/v1/profile/addresses", { token: owner.token })).body.items).toHaveLength(1);
    expect((await client.get("/api/v1/profile/addresses")).status).toBe(401);
  });

  it("keeps exactly one default sender, also when requests race", async () => {
    const { token } = await signedIn(client);
    const first = await client.post("/api/v1/profile/addresses", { isDefaultSender: true, address: home }, { token });
    expect(first.body.item.isDefaultSender).toBe(true);
    const created = await Promise.all(
      Array.from({ length: 6 }, (_, i) => client.post("/api/v1/profile/addresses", { isDefaultSender: true, label: `L${i}`, address: home }, { token })),
    );
    expect(created.map((r) => r.status)).toEqual(Array(6).fill(201));
    const ids = created.map((r) => r.body.item.id as number);
    const raced = await Promise.all(ids.map((id) => client.patch(`/api/v1/profile/addresses/${id}`, { isDefaultSender: true }, { token })));
    expect(raced.map((r) => r.status)).toEqual(Array(6).fill(200));
    const { items } = (await client.get("/api/v1/profile/addresses", { token })).body;
    expect(items.filter((item: { isDefaultSender: boolean }) => item.isDefaultSender)).toHaveLength(1);
  });
});
