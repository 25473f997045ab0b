import { describe, expect, it } from "vitest";
import { customerMayCancel, nextStatuses, ORDER_STATUSES, type OrderStatus, transitionOf } from "./lifecycle";

const LEGAL = new Set(["placed>paid", "paid>shipped", "shipped>delivered", "placed>cancelled", "paid>cancelled"]);

describe("transitionOf", () => {
  const pairs = ORDER_STATUSES.flatMap((from) => ORDER_STATUSES.map((to) => [from, to] as [OrderStatus, OrderStatus]));
  it.each(pairs)("%s -> %s", (from, to) => {
    const expected = from === to ? "repeat" : LEGAL.has(`${from}>${to}`) ? "step" : "illegal";
    expect(transitionOf(from, to)).toBe(expected);
  });

  it("has exactly the five steps of the contract, and delivered and cancelled are final", () => {
    expect(pairs.filter(([from, to]) => transitionOf(from, to) === "step")).toHaveLength(5);
    expect(nextStatuses("delivered")).toEqual([]);
    expect(nextStatuses("cancelled")).toEqual([]);
  });
});

describe("customerMayCancel", () => {
  it.each(ORDER_STATUSES)("%s", (status) => {
    expect(customerMayCancel(status)).toBe(status === "placed");
  });
});
