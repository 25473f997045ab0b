import { describe, expect, it } from "vitest";
import type { ShippingRateTable } from "@/lib/db/generated/client";
import { SEED_RATE_TABLE } from "./pricing";
import { checkedRateTable, rateTableForKey, rateTableKey } from "./rates";

const row = (version: number, createdAt: string, zones: unknown = SEED_RATE_TABLE.zones): ShippingRateTable => ({
  version,
  currency: SEED_RATE_TABLE.currency,
  zones: structuredClone(zones) as ShippingRateTable["zones"],
  loyaltyMinOrders: SEED_RATE_TABLE.loyalty.minOrders,
  loyaltyPercent: SEED_RATE_TABLE.loyalty.percent,
  volumetricDivisor: SEED_RATE_TABLE.volumetricDivisor,
  createdAt: new Date(createdAt),
  createdById: null,
});

describe("checkedRateTable (a stored version, checked once per process)", () => {
  it("checks a version once and serves the same frozen table for it afterwards", async () => {
    const first = checkedRateTable(row(901, "2026-11-30T10:00:00.123Z"));
    expect(first).toEqual({ ...SEED_RATE_TABLE, version: 901 });
    // A second read of the same version (the same row) is the table checked before...
    expect(checkedRateTable(row(901, "2026-11-30T10:00:00.123Z", [{ nonsense: true }]))).toBe(first);
    // ...and the session statement's key for it finds it without a query (no database here).
    expect(await rateTableForKey("901@" + Date.parse("2026-11-30T10:00:00.123Z"))).toBe(first);
    // Nobody can change it under the other requests that price with it.
    expect(Object.isFrozen(first.zones[0]!.countries)).toBe(true);
    expect(() => (first.zones[0]!.countries as string[]).push("ZZ")).toThrow(TypeError);
  });

  it("checks a row with the same number but another publication time afresh (a restored database)", () => {
    checkedRateTable(row(902, "2026-11-30T10:00:00.000Z"));
    expect(() => checkedRateTable(row(902, "2026-11-30T11:00:00.000Z", [{ nonsense: true }]))).toThrow();
  });

  it("refuses a malformed row instead of pricing with it, and does not keep it", () => {
    expect(() => checkedRateTable(row(903, "2026-11-30T10:00:00.000Z", "not zones"))).toThrow();
    expect(() => checkedRateTable({ ...row(904, "2026-11-30T10:00:00.000Z"), currency: "EUR" })).toThrow();
    expect(checkedRateTable(row(903, "2026-11-30T10:00:00.000Z")).version).toBe(903);
  });

  it("keeps a bounded number of versions", () => {
    const oldest = checkedRateTable(row(1000, "2026-11-30T10:00:00.000Z"));
    for (let v = 1001; v < 1020; v++) checkedRateTable(row(v, "2026-11-30T10:00:00.000Z"));
    const reread = checkedRateTable(row(1000, "2026-11-30T10:00:00.000Z"));
    expect(reread).not.toBe(oldest);
    expect(reread).toEqual(oldest);
  });

  it("names a version by its number and publication time in ms, as the session statement does", async () => {
    expect(rateTableKey(7, new Date("2026-11-30T10:00:00.123Z"))).toBe("7@1796032800123");
    // A key the statement could not have produced is an error, not a query.
    await expect(rateTableForKey("7; DROP TABLE")).rejects.toThrow(/Malformed/);
  });
});
