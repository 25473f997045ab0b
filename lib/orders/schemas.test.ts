import { describe, expect, it } from "vitest";
import { fieldErrorsOf } from "@/lib/http/errors";
import { createOrderSchema, updateOrderSchema } from "./schemas";

const RECIPIENT = { name: "Erika Mustermann", line1: "Heidestraße 17", city: "Köln", postalCode: "51147", country: "DE" };
const SENDER = { name: "Ada Lovelace", line1: "1 Market St", city: "San Francisco", region: "CA", postalCode: "94105", country: "US" };
const PARCEL = { weightKg: 1.2 };

function fieldsOf(result: { success: boolean; error?: Parameters<typeof fieldErrorsOf>[0] }) {
  expect(result.success).toBe(false);
  return fieldErrorsOf(result.error!);
}

// `sender` is `{ addressId }` or a typed address (a union): its errors name the field of the shape
// the client sent, not the whole sender (issue 26).
describe("an order's sender", () => {
  it("names the missing field of a typed sender", () => {
    const { name: _name, ...nameless } = SENDER;
    const fields = fieldsOf(createOrderSchema.safeParse({ parcel: PARCEL, recipient: RECIPIENT, sender: nameless }));
    expect(Object.keys(fields)).toEqual(["sender.name"]);
  });

  it("names a typed sender's field on PATCH too", () => {
    const fields = fieldsOf(updateOrderSchema.safeParse({ sender: { ...SENDER, postalCode: "not a zip" } }));
    expect(Object.keys(fields)).toEqual(["sender.postalCode"]);
  });

  it("names addressId when an address-book reference is wrong", () => {
    const fields = fieldsOf(createOrderSchema.safeParse({ parcel: PARCEL, recipient: RECIPIENT, sender: { addressId: "home" } }));
    expect(Object.keys(fields)).toEqual(["sender.addressId"]);
  });

  it("stays on the sender when neither shape is recognisable", () => {
    expect(Object.keys(fieldsOf(createOrderSchema.safeParse({ parcel: PARCEL, recipient: RECIPIENT, sender: "home" })))).toEqual(["sender"]);
    expect(Object.keys(fieldsOf(createOrderSchema.safeParse({ parcel: PARCEL, recipient: RECIPIENT, sender: {} })))).toEqual(["sender"]);
  });

  it("accepts both shapes", () => {
    expect(createOrderSchema.safeParse({ parcel: PARCEL, recipient: RECIPIENT, sender: SENDER }).success).toBe(true);
    expect(createOrderSchema.safeParse({ parcel: PARCEL, recipient: RECIPIENT, sender: { addressId: 3 } }).success).toBe(true);
  });
});
