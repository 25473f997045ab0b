/**
 * Bodies of addressed orders (`{ parcel, recipient, sender, contents }`, API.md "Addresses, parcels
 * and chargeable weight") for tests that need an order a customer can pay: an old-style order
 * (`{ weightKg, destination }`) has no recipient or sender, and paying it is 409 until PATCH adds
 * them. Shared by the integration and browser tests. Without dimensions the chargeable weight is the
 * actual weight, so the price is the old-style order's for the same weight and destination.
 */

/** A sender in the US (the first rate table's "domestic" zone). */
export const TEST_SENDER = { name: "Ada Lovelace", line1: "1 Market St", city: "San Francisco", region: "CA", postalCode: "94105", country: "US" };

/** A recipient in each destination the payment tests use. */
export const TEST_RECIPIENTS = {
  DE: { name: "Erika Mustermann", line1: "Heidestraße 17", city: "Köln", postalCode: "51147", country: "DE", email: "erika@example.de", phone: "+4922112345678" },
  FR: { name: "Marianne Dupont", line1: "12 rue de Rivoli", city: "Paris", postalCode: "75001", country: "FR" },
  US: { name: "Grace Hopper", line1: "2 Main St", city: "Arlington", region: "VA", postalCode: "22201", country: "US" },
} as const;

/** Declared for customs: always sent, so a destination outside the sender's zone needs nothing else. */
export const TEST_CONTENTS = { description: "2 cotton T-shirts", valueCents: 2500, currency: "USD" };

export type TestDestination = keyof typeof TEST_RECIPIENTS;

/** An order the customer can pay: the same weight and destination as `{ weightKg, destination }`, with both addresses. */
export function addressedOrder(weightKg: number, destination: TestDestination, extra: { reference?: string } = {}) {
  return { parcel: { weightKg }, recipient: TEST_RECIPIENTS[destination], sender: TEST_SENDER, contents: TEST_CONTENTS, ...extra };
}
